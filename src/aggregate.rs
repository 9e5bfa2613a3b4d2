//! Summary counts and the training plan: folds over the audited people.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::audit::{AuditOutput, Audited};
use crate::finding::{Status, Verdict};
use crate::plan::Plan;
use crate::ruleset::TrainingId;

/// The counts at the top of every report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// Rows read.
    pub total: usize,
    /// Rows audited.
    pub audited: usize,
    /// Rows rejected.
    pub rejected: usize,
    /// People meeting every applicable criterion.
    pub meeting: usize,
    /// People with at least one gap.
    pub with_gaps: usize,
    /// People with unknowns and no gap.
    pub incomplete: usize,
    /// People whose only gaps are inside a grace period.
    pub pending: usize,
    /// People whose rank and positions match no rule.
    pub unmatched: usize,
    /// People whose titles the rules know but that have no standard on the audit date
    /// (declared without one, ended without a successor, not yet in force).
    pub no_standard: usize,
    /// Criterion name → people who do not meet it.
    pub by_criterion: BTreeMap<String, usize>,
    /// Criterion name → findings met, unmet, unknown, pending and exempt.
    pub(crate) criteria: BTreeMap<String, CriterionCounts>,
    /// The groups of `--by`, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) breakdown: Option<Vec<Group>>,
}

/// How one criterion came out across the roster.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub(crate) struct CriterionCounts {
    /// Findings met.
    pub met: usize,
    /// Findings unmet.
    pub unmet: usize,
    /// Findings unknown.
    pub unknown: usize,
    /// Findings pending (inside a grace period).
    pub pending: usize,
    /// Findings exempt.
    pub exempt: usize,
}

impl CriterionCounts {
    fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Met => self.met += 1,
            Verdict::Unmet => self.unmet += 1,
            Verdict::Unknown => self.unknown += 1,
            Verdict::Pending => self.pending += 1,
            Verdict::Exempt => self.exempt += 1,
        }
    }
}

/// One group of a breakdown (`--by unit`): its people by status and its criteria.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Group {
    /// The group's value ("Phòng Nội vụ", "xã", "41–50").
    pub group: String,
    /// People in it.
    pub staff: usize,
    /// Meeting every criterion.
    pub meeting: usize,
    /// With a gap.
    pub with_gaps: usize,
    /// With unknowns and no gap.
    pub incomplete: usize,
    /// Only gaps inside a grace period.
    pub pending: usize,
    /// Unmatched or without a standard.
    pub not_audited: usize,
    /// Per criterion, the five counts.
    pub criteria: BTreeMap<String, CriterionCounts>,
}

/// What a breakdown groups people by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// The unit cell.
    Unit,
    /// The `tier` field.
    Tier,
    /// The `ethnicity` field.
    Ethnicity,
    /// The `gender` field.
    Gender,
    /// The rank as written.
    Rank,
    /// Each position held (a person holding two counts in both).
    Position,
    /// Ten-year age bands on the audit date.
    AgeBand,
}

impl GroupBy {
    /// From the command line: `unit`, `tier`, `ethnicity`, `gender`, `rank`, `position`,
    /// `age-band`.
    pub(crate) fn parse(text: &str) -> Option<GroupBy> {
        Some(match text {
            "unit" => GroupBy::Unit,
            "tier" => GroupBy::Tier,
            "ethnicity" => GroupBy::Ethnicity,
            "gender" => GroupBy::Gender,
            "rank" => GroupBy::Rank,
            "position" => GroupBy::Position,
            "age-band" => GroupBy::AgeBand,
            _ => return None,
        })
    }
}

/// [`breakdown`] folded person by person.
#[derive(Debug)]
pub(crate) struct BreakdownTally {
    by: GroupBy,
    groups: BTreeMap<String, Group>,
}

impl BreakdownTally {
    /// No one counted yet.
    pub(crate) fn new(by: GroupBy) -> Self {
        BreakdownTally {
            by,
            groups: BTreeMap::new(),
        }
    }

    /// Counts one person in their group(s).
    pub(crate) fn add(&mut self, plan: &Plan, p: &Audited) {
        let field_text = |p: &Audited, name: &str| -> String {
            let Some(f) = plan.fields.iter().position(|f| f.name == name) else {
                return String::new();
            };
            plan.cell(&p.staff, f)
                .map(|c| crate::render::cell_text(plan, f, c))
                .filter(|t| !t.starts_with('('))
                .unwrap_or_default()
        };
        let keys: Vec<String> = match self.by {
            GroupBy::Unit => vec![p.staff.unit.to_string()],
            GroupBy::Tier => vec![field_text(p, "tier")],
            GroupBy::Ethnicity => vec![field_text(p, "ethnicity")],
            GroupBy::Gender => vec![field_text(p, "gender")],
            GroupBy::Rank => vec![p.staff.rank_text.to_string()],
            GroupBy::Position => {
                let held: Vec<String> = p
                    .staff
                    .positions
                    .iter()
                    .map(|h| h.text.to_string())
                    .collect();
                if held.is_empty() {
                    vec![String::new()]
                } else {
                    held
                }
            }
            GroupBy::AgeBand => {
                let age = plan
                    .fields
                    .iter()
                    .position(|f| f.name == "birth_date")
                    .and_then(|f| match plan.cell(&p.staff, f) {
                        Some(crate::staff::Cell::Date(d)) => Some(d.years_until(plan.as_of)),
                        _ => None,
                    });
                vec![match age {
                    Some(a) if a <= 30 => "≤ 30".to_string(),
                    Some(a) if a > 60 => "> 60".to_string(),
                    Some(a) => format!("{}–{}", (a - 1) / 10 * 10 + 1, (a - 1) / 10 * 10 + 10),
                    None => String::new(),
                }]
            }
        };
        for key in keys {
            let key = if key.trim().is_empty() {
                "(not given)".to_string()
            } else {
                key
            };
            let g = self.groups.entry(key.clone()).or_insert_with(|| Group {
                group: key,
                staff: 0,
                meeting: 0,
                with_gaps: 0,
                incomplete: 0,
                pending: 0,
                not_audited: 0,
                criteria: BTreeMap::new(),
            });
            g.staff += 1;
            match p.result.status {
                Status::Meets => g.meeting += 1,
                Status::Gaps => g.with_gaps += 1,
                Status::Incomplete => g.incomplete += 1,
                Status::Pending => g.pending += 1,
                Status::Unmatched | Status::NoStandard => g.not_audited += 1,
            }
            for f in &p.result.findings {
                let name = plan.criteria[f.criterion as usize].name.clone();
                g.criteria.entry(name).or_default().add(f.verdict);
            }
        }
    }

    /// The groups, by name.
    pub(crate) fn finish(self) -> Vec<Group> {
        self.groups.into_values().collect()
    }
}

/// One line of the training plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct TrainingNeed {
    /// Training title.
    pub training: String,
    /// People who need it (and do not retire before its deadline).
    pub people: usize,
    /// Typical length in months (the catalogue's).
    pub months: Option<u32>,
    /// The earliest deadline among them: the audit date for a gap already due, else the end
    /// of the grace period.
    pub deadline: String,
    /// The training (its index in the plan): who is on this line and who retires before it are
    /// read from [`Totals::training_people`] (`staff` and `retiring` in a JSON report).
    #[serde(skip)]
    pub index: usize,
    /// How many of `people` are to confirm (an exemption or grace period cannot be decided).
    #[serde(skip)]
    pub to_confirm: usize,
    /// How many retire before their deadline.
    #[serde(skip)]
    pub retiring_count: usize,
}

/// A person on a line of the training plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct TrainingPerson {
    /// Row as the spreadsheet shows it.
    pub row: u32,
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// When the gap must be closed: the audit date when already due, else the grace period's
    /// end.
    pub deadline: String,
    /// Set when the person is short of the standard either way but whether a grace period or
    /// an exemption applies cannot be decided: what is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_confirm: Option<String>,
}

/// Counts statuses and gaps.
pub fn summarize(plan: &Plan, out: &AuditOutput) -> Summary {
    let mut tally = SummaryTally::default();
    for p in &out.people {
        tally.add(plan, p);
    }
    tally.finish(out.total, out.rejected.len())
}

/// [`summarize`] folded person by person. Counts are kept by criterion name as the summary
/// shows them, in slots numbered once per plan, so that a person costs no look-up by name.
#[derive(Debug, Default)]
pub(crate) struct SummaryTally {
    audited: usize,
    status: [usize; 6],
    /// For each criterion of the plan, the slot of its name (made with the first person).
    slot_of: Vec<u32>,
    /// Per slot: the name, whether a finding of it was counted, its five counts, and the
    /// people with at least one unmet criterion of that name.
    slots: Vec<NameCounts>,
}

/// The counts of one criterion name.
#[derive(Debug)]
struct NameCounts {
    name: String,
    counted: bool,
    counts: CriterionCounts,
    people_unmet: usize,
}

impl SummaryTally {
    /// Counts one person.
    pub(crate) fn add(&mut self, plan: &Plan, p: &Audited) {
        if self.slot_of.len() != plan.criteria.len() {
            self.number_names(plan);
        }
        self.audited += 1;
        self.status[match p.result.status {
            Status::Meets => 0,
            Status::Gaps => 1,
            Status::Incomplete => 2,
            Status::Pending => 3,
            Status::Unmatched => 4,
            Status::NoStandard => 5,
        }] += 1;
        // each criterion a person fails counts them once
        let mut unmet: smallvec::SmallVec<[u32; 16]> = smallvec::SmallVec::new();
        for f in &p.result.findings {
            let slot = self.slot_of[f.criterion as usize];
            let named = &mut self.slots[slot as usize];
            named.counted = true;
            named.counts.add(f.verdict);
            if f.verdict == Verdict::Unmet && !unmet.contains(&slot) {
                unmet.push(slot);
                named.people_unmet += 1;
            }
        }
    }

    /// Numbers the plan's criterion names, one slot per distinct name.
    fn number_names(&mut self, plan: &Plan) {
        let mut by_name: HashMap<&str, u32> = HashMap::new();
        for named in &self.slots {
            by_name.insert(&named.name, by_name.len() as u32);
        }
        let mut added = Vec::new();
        self.slot_of = plan
            .criteria
            .iter()
            .map(|c| {
                let next = (self.slots.len() + added.len()) as u32;
                *by_name.entry(c.name.as_str()).or_insert_with(|| {
                    added.push(c.name.clone());
                    next
                })
            })
            .collect();
        self.slots.extend(added.into_iter().map(|name| NameCounts {
            name,
            counted: false,
            counts: CriterionCounts::default(),
            people_unmet: 0,
        }));
    }

    /// The summary of `total` rows read, `rejected` of them rejected.
    pub(crate) fn finish(self, total: usize, rejected: usize) -> Summary {
        let [
            meeting,
            with_gaps,
            incomplete,
            pending,
            unmatched,
            no_standard,
        ] = self.status;
        Summary {
            total,
            audited: self.audited,
            rejected,
            meeting,
            with_gaps,
            incomplete,
            pending,
            unmatched,
            no_standard,
            by_criterion: self
                .slots
                .iter()
                .filter(|n| n.people_unmet > 0)
                .map(|n| (n.name.clone(), n.people_unmet))
                .collect(),
            criteria: self
                .slots
                .into_iter()
                .filter(|n| n.counted)
                .map(|n| (n.name, n.counts))
                .collect(),
            breakdown: None,
        }
    }
}

/// The trainings one person needs, each once: those of their unmet criteria and of gaps inside
/// a grace period.
pub(crate) fn trainings_needed(plan: &Plan, person: &Audited) -> Vec<TrainingId> {
    let mut trainings = Vec::new();
    for f in person
        .result
        .findings
        .iter()
        .filter(|f| matches!(f.verdict, Verdict::Unmet | Verdict::Pending))
    {
        if let Some(t) = plan.criteria[f.criterion as usize].training
            && !trainings.contains(&t)
        {
            trainings.push(t);
        }
    }
    trainings
}

/// A person on a line of the training plan, as a spool keeps them: its group is the training
/// (index × 2), + 1 for the list of those who retire before their deadline. The planned are
/// read back by unit, then row; those who retire, by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListedPerson {
    /// Training index × 2, + 1 when retiring before the deadline.
    pub group: u32,
    /// Unit.
    pub unit: String,
    /// Row as the spreadsheet shows it.
    pub row: u32,
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// When the gap must be closed.
    pub deadline: crate::date::Date,
    /// What is missing to decide whether a grace period or an exemption applies.
    pub to_confirm: Option<String>,
}

impl ListedPerson {
    /// The person as a JSON report lists them.
    pub(crate) fn report(self) -> TrainingPerson {
        TrainingPerson {
            row: self.row,
            id: self.id,
            name: self.name,
            unit: self.unit,
            deadline: self.deadline.to_string(),
            to_confirm: self.to_confirm,
        }
    }

    /// The order within a group: the planned by unit, those who retire in roster order.
    fn key(&self) -> (u32, &str, u32) {
        let unit = if self.group.is_multiple_of(2) {
            &*self.unit
        } else {
            ""
        };
        (self.group, unit, self.row)
    }
}

impl Ord for ListedPerson {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key()
            .cmp(&other.key())
            .then_with(|| (&self.id, &self.name).cmp(&(&other.id, &other.name)))
            .then_with(|| self.deadline.cmp(&other.deadline))
            .then_with(|| self.to_confirm.cmp(&other.to_confirm))
    }
}

impl PartialOrd for ListedPerson {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl crate::spool::Spooled for ListedPerson {
    fn group(&self) -> u32 {
        self.group
    }

    fn size(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.unit.len()
            + self.id.len()
            + self.name.len()
            + self.to_confirm.as_ref().map_or(0, String::len)
    }

    fn encode(&self, out: &mut Vec<u8>) {
        use crate::spool::put_str;
        out.extend_from_slice(&self.group.to_le_bytes());
        out.extend_from_slice(&self.row.to_le_bytes());
        out.extend_from_slice(&self.deadline.packed().to_le_bytes());
        put_str(out, &self.unit);
        put_str(out, &self.id);
        put_str(out, &self.name);
        if let Some(why) = &self.to_confirm {
            put_str(out, why);
        }
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        use crate::spool::{take_str, take_u32};
        let mut at = 0;
        let group = take_u32(bytes, &mut at)?;
        let row = take_u32(bytes, &mut at)?;
        let deadline = crate::date::Date::from_packed(take_u32(bytes, &mut at)? as i32)?;
        let unit = take_str(bytes, &mut at)?.to_string();
        let id = take_str(bytes, &mut at)?.to_string();
        let name = take_str(bytes, &mut at)?.to_string();
        let to_confirm = match at < bytes.len() {
            true => Some(take_str(bytes, &mut at)?.to_string()),
            false => None,
        };
        Some(ListedPerson {
            group,
            unit,
            row,
            id,
            name,
            deadline,
            to_confirm,
        })
    }
}

/// Who needs each training, read back line by line after the audit.
pub(crate) type TrainingPeople = crate::spool::SortedSpool<ListedPerson>;

/// The people of the training plan as kept while folding: in memory (an audit that keeps
/// everyone), through a temporary file (a streamed full JSON report), or not at all (only the
/// counts are shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listing {
    /// Counts only.
    Counts,
    /// Listed, in memory.
    InMemory,
    /// Listed, past a few MB in a temporary file.
    OnDisk,
}

/// The training plan folded person by person: its counts, and the people on it when they are
/// listed (kept in a [`crate::spool::GroupedSpool`], so that a streamed report's memory does not
/// grow with the roster).
pub(crate) struct TrainingTally {
    lines: HashMap<usize, TrainingLine>,
    listed: Option<crate::spool::GroupedSpool<ListedPerson>>,
}

impl std::fmt::Debug for TrainingTally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrainingTally")
            .field("lines", &self.lines)
            .field("listed", &self.listed.is_some())
            .finish()
    }
}

/// One training's line as it is folded.
#[derive(Debug, Default)]
struct TrainingLine {
    /// People planned.
    planned: usize,
    /// People who retire before their deadline.
    retiring: usize,
    /// Planned people to confirm.
    to_confirm: usize,
    /// The earliest deadline of the people planned.
    deadline: Option<crate::date::Date>,
}

impl TrainingTally {
    /// An empty plan, its people kept as `listing` says.
    pub(crate) fn new(listing: Listing) -> Self {
        TrainingTally {
            lines: HashMap::default(),
            listed: match listing {
                Listing::Counts => None,
                Listing::InMemory => Some(crate::spool::GroupedSpool::in_memory()),
                Listing::OnDisk => Some(crate::spool::GroupedSpool::on_disk()),
            },
        }
    }

    /// Puts one person on the lines of the trainings they need.
    pub(crate) fn add(&mut self, plan: &Plan, p: &Audited) {
        // computed only for people on the plan
        let mut retires: Option<Option<crate::date::Date>> = None;
        let mut seen: Vec<usize> = Vec::new();
        for f in &p.result.findings {
            let c = &plan.criteria[f.criterion as usize];
            let Some(t) = c.training else { continue };
            let to_confirm = match f.verdict {
                Verdict::Unmet | Verdict::Pending => None,
                Verdict::Unknown if f.short_either_way => f.reason.as_deref(),
                Verdict::Unknown => continue,
                Verdict::Met | Verdict::Exempt => continue,
            };
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            let deadline = f.deadline.unwrap_or(plan.as_of);
            let line = self.lines.entry(t).or_default();
            let retires =
                *retires.get_or_insert_with(|| crate::evaluate::retirement_date(plan, &p.staff));
            let retiring = retires.is_some_and(|r| r < deadline);
            if retiring {
                line.retiring += 1;
            } else {
                line.planned += 1;
                line.to_confirm += usize::from(to_confirm.is_some());
                line.deadline = Some(line.deadline.map_or(deadline, |d| d.min(deadline)));
            }
            if let Some(listed) = &mut self.listed {
                listed.push(ListedPerson {
                    group: t as u32 * 2 + u32::from(retiring),
                    unit: p.staff.unit.to_string(),
                    row: p.staff.row,
                    id: p.staff.id.to_string(),
                    name: p.staff.name.to_string(),
                    deadline,
                    to_confirm: to_confirm.map(str::to_string),
                });
            }
        }
    }

    /// The plan's lines, sorted by deadline, then by size; and their people when listed.
    pub(crate) fn finish(self, plan: &Plan) -> (Vec<TrainingNeed>, Option<TrainingPeople>) {
        let mut plan_lines: Vec<TrainingNeed> = self
            .lines
            .into_iter()
            .filter(|(_, line)| line.planned > 0)
            .map(|(t, line)| TrainingNeed {
                training: plan.trainings[t].title.clone(),
                people: line.planned,
                months: plan.trainings[t].months,
                deadline: line.deadline.map(|d| d.to_string()).unwrap_or_default(),
                index: t,
                to_confirm: line.to_confirm,
                retiring_count: line.retiring,
            })
            .collect();
        plan_lines.sort_by(|a, b| {
            a.deadline
                .cmp(&b.deadline)
                .then(b.people.cmp(&a.people))
                .then_with(|| a.training.cmp(&b.training))
        });
        (
            plan_lines,
            self.listed.map(crate::spool::GroupedSpool::finish),
        )
    }
}

/// One value a column holds that could not be read, with how often it occurs: what an officer
/// fixes once for the whole column.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnreadableValue {
    /// The field the column feeds.
    pub field: String,
    /// The column's header.
    pub column: String,
    /// The value as written.
    pub value: String,
    /// People whose cell holds it.
    pub count: usize,
    /// Why it was not understood, with the suggestion when one is safe.
    pub problem: String,
}

/// Every unreadable value of the audited rows, by column, most frequent first.
pub fn unreadable_values(plan: &Plan, out: &AuditOutput) -> Vec<UnreadableValue> {
    let mut tally = UnreadableTally::default();
    for p in &out.people {
        tally.add(plan, p);
    }
    tally.finish(plan, &out.columns)
}

/// [`unreadable_values`] folded person by person: one count per distinct value and column.
#[derive(Debug, Default)]
pub(crate) struct UnreadableTally {
    counts: BTreeMap<(usize, String), (usize, String)>,
}

impl UnreadableTally {
    /// Counts the unreadable cells of one person.
    pub(crate) fn add(&mut self, plan: &Plan, p: &Audited) {
        for (slot, cell) in p.staff.cells.iter().enumerate() {
            if let crate::staff::Cell::Invalid(bad) = cell {
                let field = plan.slot_fields[slot];
                let entry = self
                    .counts
                    .entry((field, bad.raw.clone()))
                    .or_insert((0, bad.problem.clone()));
                entry.0 += 1;
            }
        }
    }

    /// The values, by column, most frequent first.
    pub(crate) fn finish(
        self,
        plan: &Plan,
        columns: &crate::roster::ColumnMap,
    ) -> Vec<UnreadableValue> {
        let mut list: Vec<UnreadableValue> = self
            .counts
            .into_iter()
            .map(|((field, value), (count, problem))| UnreadableValue {
                field: plan.fields[field].name.clone(),
                column: columns.field_column[field]
                    .and_then(|c| columns.headers.get(c))
                    .cloned()
                    .unwrap_or_default(),
                value,
                count,
                problem,
            })
            .collect();
        list.sort_by(|a, b| {
            a.column
                .cmp(&b.column)
                .then(b.count.cmp(&a.count))
                .then(a.value.cmp(&b.value))
        });
        list
    }
}

/// Every count a report shows, folded person by person in one pass: an audit streamed to a
/// file keeps these, never the people.
#[derive(Debug)]
pub(crate) struct Tally<'t> {
    summary: SummaryTally,
    training: TrainingTally,
    breakdown: Option<BreakdownTally>,
    targets: crate::targets::TargetTally<'t>,
}

/// What a [`Tally`] comes to.
pub(crate) struct Totals {
    /// The counts (with the `--by` breakdown when asked for).
    pub summary: Summary,
    /// Who needs which training.
    pub training: Vec<TrainingNeed>,
    /// The people of each training's line, when the tally listed them.
    pub training_people: Option<TrainingPeople>,
    /// The targets in force, measured.
    pub targets: Vec<crate::targets::TargetReport>,
}

impl<'t> Tally<'t> {
    /// Nobody counted yet; the targets in force of `plan`, broken down `by` a group if asked;
    /// `listing` says how the people of the training plan are kept (a full JSON report lists
    /// them; other reports show its counts), `target_people` whether the people each target
    /// clause still needs are (a JSON report lists them).
    pub(crate) fn new(
        plan: &'t Plan,
        by: Option<GroupBy>,
        listing: Listing,
        target_people: bool,
    ) -> Self {
        let targets: Vec<&crate::ruleset::Target> = plan.targets.iter().collect();
        Tally {
            summary: SummaryTally::default(),
            training: TrainingTally::new(listing),
            breakdown: by.map(BreakdownTally::new),
            targets: crate::targets::TargetTally::new(&targets, target_people),
        }
    }

    /// Counts one audited person everywhere.
    pub(crate) fn add(&mut self, plan: &Plan, p: &Audited) {
        self.summary.add(plan, p);
        self.training.add(plan, p);
        if let Some(b) = &mut self.breakdown {
            b.add(plan, p);
        }
        self.targets.add(plan, p);
    }

    /// The totals of `total` rows read, `rejected` of them rejected.
    pub(crate) fn finish(self, plan: &Plan, total: usize, rejected: usize) -> Totals {
        let mut summary = self.summary.finish(total, rejected);
        summary.breakdown = self.breakdown.map(BreakdownTally::finish);
        let (training, training_people) = self.training.finish(plan);
        Totals {
            summary,
            training,
            training_people,
            targets: self.targets.finish(plan),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ListedPerson;
    use crate::date::Date;
    use crate::spool::{GroupedSpool, Spooled};

    fn person(group: u32, unit: &str, row: u32, to_confirm: Option<&str>) -> ListedPerson {
        ListedPerson {
            group,
            unit: unit.to_string(),
            row,
            id: format!("CB{row:05}"),
            name: "Nguyễn Thị \"Hà\"".to_string(),
            deadline: Date::parse_iso("2027-06-30").unwrap(),
            to_confirm: to_confirm.map(str::to_string),
        }
    }

    /// A listed person reads back as written, with and without what is to confirm, an empty
    /// unit included.
    #[test]
    fn a_listed_person_reads_back_as_written() {
        for p in [
            person(4, "UBND xã Sơn Dung, huyện Sơn Tây", 12, None),
            person(5, "", 3, Some("thiếu `political_theory_date`")),
            person(0, "Trường THCS", 1, Some("")),
        ] {
            let mut bytes = Vec::new();
            p.encode(&mut bytes);
            assert_eq!(ListedPerson::decode(&bytes), Some(p));
        }
        assert_eq!(ListedPerson::decode(&[1, 2, 3]), None);
    }

    /// The planned come back by unit, then row; those who retire (odd groups) by row, through
    /// the temporary file as from memory.
    #[test]
    fn planned_by_unit_retiring_by_row() {
        let mut spool = GroupedSpool::on_disk();
        let units = ["Phòng Nội vụ", "Phòng Giáo dục", "UBND xã Ba Tơ"];
        // enough people for several runs of the temporary file
        for row in (2..60_000u32).rev() {
            let unit = units[row as usize % 3];
            spool.push(person(2, unit, row, None));
            spool.push(person(3, unit, row, None));
        }
        let spool = spool.finish();
        let planned: Vec<(String, u32)> = spool
            .group(2)
            .unwrap()
            .map(|p| p.map(|p| (p.unit, p.row)).unwrap())
            .collect();
        let mut expected = planned.clone();
        expected.sort();
        assert_eq!(planned, expected);
        assert_eq!(planned.len(), 59_998);
        let retiring: Vec<u32> = spool.group(3).unwrap().map(|p| p.unwrap().row).collect();
        assert_eq!(retiring, (2..60_000).collect::<Vec<_>>());
        assert_eq!(spool.group(7).unwrap().count(), 0);
    }
}
