//! `--format json` (one object, DESIGN §4) and `--format jsonl` (one person per line).

use std::io::{self, Write};

use serde::Serialize;

use crate::aggregate::Summary;
use crate::audit::{AuditOutput, Audited};
use crate::plan::Plan;

#[derive(Serialize)]
struct Head<'a> {
    as_of: String,
    rules: &'a str,
}

/// What follows the people: every count, the rejected rows, targets and training plan.
pub(crate) struct Tail<'a> {
    /// The counts.
    pub summary: &'a Summary,
    /// The fields the rules needed and the roster lacked.
    pub missing_columns: Vec<&'a str>,
    /// Rows not audited.
    pub rejected: &'a [crate::roster::RowError],
    /// The targets measured.
    pub targets: &'a [crate::targets::TargetReport],
    /// The training plan.
    pub training: &'a [crate::aggregate::TrainingNeed],
    /// Its people, when listed.
    pub training_people: Option<&'a crate::aggregate::TrainingPeople>,
    /// `--summary-only`: the training plan as counts.
    pub summary_only: bool,
}

/// A training of the plan, counted (`--summary-only`).
#[derive(Serialize)]
struct TrainingCount<'a> {
    training: &'a str,
    people: usize,
    months: Option<u32>,
    deadline: &'a str,
    retiring: usize,
}

/// The whole report as one JSON object; each person on one line for readable diffs. The people
/// come first and the counts after them, so that a streamed audit writes each person as it is
/// evaluated (a JSON object's key order carries no meaning).
pub(crate) fn write_json(out: &mut dyn Write, report: &super::AuditReport<'_>) -> io::Result<()> {
    let (plan, audit) = (report.plan, report.audit);
    let mut people = JsonPeople::begin(out, plan, !report.summary_only)?;
    if !report.summary_only {
        let writer = PersonJson::new(plan);
        let mut listed = Vec::with_capacity(1024);
        for p in &audit.people {
            listed.clear();
            JsonPeople::listed(&writer, &mut listed, p)?;
            people.listed_bytes(out, &listed)?;
        }
    }
    people.end(out, &report.tail())
}

/// A JSON report written person by person: [`JsonPeople::begin`], the people as
/// [`JsonPeople::listed`] writes them (in parallel, chunk by chunk) handed to
/// [`JsonPeople::listed_bytes`] in roster order, then [`JsonPeople::end`] with the counts.
pub(crate) struct JsonPeople {
    list_people: bool,
    any: bool,
}

impl JsonPeople {
    /// Opens the object: `as_of`, `rules` and, when people are listed, the `people` array.
    pub(crate) fn begin(out: &mut dyn Write, plan: &Plan, list_people: bool) -> io::Result<Self> {
        let head = Head {
            as_of: plan.as_of.to_string(),
            rules: &plan.rules_name,
        };
        let head = serde_json::to_string_pretty(&head).map_err(io::Error::from)?;
        // reopen the object to append the rest
        out.write_all(head.trim_end().trim_end_matches('}').trim_end().as_bytes())?;
        if list_people {
            out.write_all(b",\n  \"people\": [")?;
        }
        Ok(JsonPeople {
            list_people,
            any: false,
        })
    }

    /// One person as an element of the `people` array, on a line of its own, appended to
    /// `buf`: a comma first, which [`JsonPeople::listed_bytes`] drops before the first person.
    pub(crate) fn listed(
        writer: &PersonJson<'_>,
        buf: &mut Vec<u8>,
        p: &Audited,
    ) -> io::Result<()> {
        buf.extend_from_slice(b",\n    ");
        writer.write(buf, p)
    }

    /// People written by [`JsonPeople::listed`], in roster order.
    pub(crate) fn listed_bytes(&mut self, out: &mut dyn Write, people: &[u8]) -> io::Result<()> {
        if !self.list_people || people.is_empty() {
            return Ok(());
        }
        let people = match self.any {
            true => people,
            false => people.strip_prefix(b",").unwrap_or(people),
        };
        self.any = true;
        out.write_all(people)
    }

    /// Closes the people and writes the counts.
    pub(crate) fn end(self, out: &mut dyn Write, tail: &Tail<'_>) -> io::Result<()> {
        if self.list_people {
            out.write_all(b"\n  ]")?;
        }
        out.write_all(b",\n  \"summary\": ")?;
        let summary = serde_json::to_string_pretty(tail.summary).map_err(io::Error::from)?;
        out.write_all(summary.replace('\n', "\n  ").as_bytes())?;
        out.write_all(b",\n  \"missing_columns\": ")?;
        serde_json::to_writer(&mut *out, &tail.missing_columns).map_err(io::Error::from)?;
        out.write_all(b",\n  \"rejected\": ")?;
        serde_json::to_writer(&mut *out, tail.rejected).map_err(io::Error::from)?;
        out.write_all(b",\n  \"targets\": ")?;
        serde_json::to_writer(&mut *out, &crate::targets::json_entries(tail.targets))
            .map_err(io::Error::from)?;
        out.write_all(b",\n  \"training_plan\": ")?;
        if tail.summary_only {
            // the counts, not the people
            let counts: Vec<TrainingCount<'_>> = tail
                .training
                .iter()
                .map(|t| TrainingCount {
                    training: &t.training,
                    people: t.people,
                    months: t.months,
                    deadline: &t.deadline,
                    retiring: t.retiring_count,
                })
                .collect();
            serde_json::to_writer(&mut *out, &counts).map_err(io::Error::from)?;
        } else {
            write_training_plan(out, tail.training, tail.training_people)?;
        }
        out.write_all(b"\n}\n")
    }
}

/// The training plan with its people, as serde writes a `TrainingNeed` with `staff` and
/// `retiring` lists after its counts; the people are read back from the spool one line at a
/// time, so they are never all in memory.
fn write_training_plan(
    out: &mut dyn Write,
    training: &[crate::aggregate::TrainingNeed],
    people: Option<&crate::aggregate::TrainingPeople>,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, need) in training.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let counts = serde_json::to_vec(need)?;
        // reopen the object to append the two lists
        out.write_all(counts.strip_suffix(b"}").unwrap_or(&counts))?;
        for (key, group) in [("staff", 0), ("retiring", 1)] {
            write!(out, ",\"{key}\":[")?;
            if let Some(people) = people {
                for (n, person) in people.group(need.index as u32 * 2 + group)?.enumerate() {
                    if n > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, &person?.report())?;
                }
            }
            out.write_all(b"]")?;
        }
        out.write_all(b"}")?;
    }
    out.write_all(b"]")
}

/// One person as a line of JSON Lines.
pub(crate) fn jsonl_person(
    out: &mut dyn Write,
    people: &PersonJson<'_>,
    p: &Audited,
) -> io::Result<()> {
    let mut line = Vec::with_capacity(1024);
    people.write(&mut line, p)?;
    line.push(b'\n');
    out.write_all(&line)
}

/// One person object per line.
pub(crate) fn write_jsonl(out: &mut dyn Write, plan: &Plan, audit: &AuditOutput) -> io::Result<()> {
    let people = PersonJson::new(plan);
    for p in &audit.people {
        jsonl_person(out, &people, p)?;
    }
    Ok(())
}

/// Writes person objects (DESIGN §4; the shape of `report::person::PersonReport`) straight into
/// bytes. What a finding says about its criterion — name, rule, citation, training, what is
/// required — is escaped once per audit, and only the person's own values as they are written:
/// findings are nearly all of a JSON report, and serde building and escaping every one anew
/// was most of the time of a streamed `jsonl`. A test holds the bytes to serde's.
pub(crate) struct PersonJson<'p> {
    plan: &'p Plan,
    criteria: Vec<CriterionJson>,
}

/// The parts of a finding's JSON that depend on its criterion only.
struct CriterionJson {
    /// `{"criterion":"…","rule":"…","result":"`
    head: Box<[u8]>,
    /// What is required as a JSON string: the criterion's, then each case's.
    required: Vec<Box<[u8]>>,
    /// `,"source":…,"training":…`
    cited: Box<[u8]>,
    /// The citation is tagged [U].
    unverified: bool,
}

/// `text` as a JSON string, escaped as serde_json escapes it.
fn json_string(buf: &mut Vec<u8>, text: &str) -> io::Result<()> {
    serde_json::to_writer(buf, text).map_err(io::Error::from)
}

/// A value serde writes (a criterion's constant part), as bytes.
fn json_bytes(value: &impl Serialize) -> io::Result<Box<[u8]>> {
    Ok(serde_json::to_vec(value)?.into_boxed_slice())
}

impl<'p> PersonJson<'p> {
    /// The constant parts of every criterion of the plan, escaped.
    pub(crate) fn new(plan: &'p Plan) -> Self {
        let criteria = plan
            .criteria
            .iter()
            .map(|c| {
                let mut head = b"{\"criterion\":".to_vec();
                let mut required = Vec::with_capacity(1 + c.case_required.len());
                let mut cited = b",\"source\":".to_vec();
                // INVARIANT: serialising a `str` or an `Option<&str>` into a Vec cannot fail
                let _ = json_string(&mut head, &c.name);
                head.extend_from_slice(b",\"rule\":");
                let _ = json_string(&mut head, &c.rule);
                head.extend_from_slice(b",\"result\":\"");
                for r in std::iter::once(&c.required).chain(&c.case_required) {
                    required.push(json_bytes(r).unwrap_or_default());
                }
                let _ = serde_json::to_writer(&mut cited, &c.source);
                cited.extend_from_slice(b",\"training\":");
                let training = c.training.map(|t| plan.trainings[t].title.as_str());
                let _ = serde_json::to_writer(&mut cited, &training);
                CriterionJson {
                    head: head.into_boxed_slice(),
                    required,
                    cited: cited.into_boxed_slice(),
                    unverified: c
                        .source
                        .as_deref()
                        .is_some_and(crate::report::person::is_unverified),
                }
            })
            .collect();
        PersonJson { plan, criteria }
    }

    /// One person object, on one line, appended to `buf`.
    pub(crate) fn write(&self, buf: &mut Vec<u8>, p: &Audited) -> io::Result<()> {
        let (plan, staff) = (self.plan, &p.staff);
        buf.extend_from_slice(b"{\"row\":");
        buf.extend_from_slice(itoa::Buffer::new().format(staff.row).as_bytes());
        buf.extend_from_slice(b",\"id\":");
        json_string(buf, &staff.id)?;
        buf.extend_from_slice(b",\"name\":");
        json_string(buf, &staff.name)?;
        buf.extend_from_slice(b",\"rank\":");
        json_string(buf, &staff.rank_text)?;
        buf.extend_from_slice(b",\"positions\":[");
        for (i, held) in staff.positions.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            json_string(buf, &held.text)?;
        }
        buf.extend_from_slice(b"],\"status\":\"");
        buf.extend_from_slice(p.result.status.as_str().as_bytes());
        buf.extend_from_slice(b"\",\"findings\":[");
        let mut actual = String::new();
        for (i, f) in p.result.findings.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            let c = &self.criteria[f.criterion as usize];
            buf.extend_from_slice(&c.head);
            buf.extend_from_slice(f.verdict.as_str().as_bytes());
            buf.extend_from_slice(b"\",\"required\":");
            // the case's requirement, as `Plan::required_of` picks it
            let case = f
                .case
                .map(|i| i as usize + 1)
                .filter(|&i| i < c.required.len());
            buf.extend_from_slice(&c.required[case.unwrap_or(0)]);
            buf.extend_from_slice(b",\"actual\":");
            let fields = &plan.criteria[f.criterion as usize].fields;
            actual.clear();
            crate::evaluate::write_actual(&mut actual, plan, staff, fields);
            json_string(buf, &actual)?;
            buf.extend_from_slice(&c.cited);
            if let Some(reason) = &f.reason {
                buf.extend_from_slice(b",\"reason\":");
                json_string(buf, reason)?;
            }
            if let Some(deadline) = f.deadline {
                write!(buf, ",\"deadline\":\"{deadline}\"")?;
            }
            if c.unverified {
                buf.extend_from_slice(b",\"unverified\":true");
            }
            buf.push(b'}');
        }
        buf.push(b']');
        let unmatched = crate::report::person::unmatched_of(plan, staff);
        if !unmatched.is_empty() {
            buf.extend_from_slice(b",\"unmatched\":");
            serde_json::to_writer(&mut *buf, &unmatched)?;
        }
        let no_standard = crate::report::person::no_standard_of(plan, staff);
        if !no_standard.is_empty() {
            buf.extend_from_slice(b",\"no_standard\":");
            serde_json::to_writer(&mut *buf, &no_standard)?;
        }
        if !staff.notes.is_empty() {
            buf.extend_from_slice(b",\"notes\":");
            serde_json::to_writer(&mut *buf, &staff.notes)?;
        }
        buf.push(b'}');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::PersonJson;
    use crate::report::person::PersonReport;

    /// The optional parts of a person object, each of which the comparison must meet.
    const KEYS: &[&str] = &[
        "\"unmatched\":",
        "\"no_standard\":",
        "\"notes\":",
        "\"reason\":",
        "\"deadline\":",
        "\"unverified\":true",
        "\"training\":\"",
        "\"result\":\"exempt\"",
        "\\\"",
    ];

    /// The hand-written person objects are serde's bytes for the same `PersonReport`: every
    /// person of the fixture rosters (unknown, pending, exempt, unmatched, no standard, notes,
    /// cases, [U] citations), on dates either side of the 2025 reform, in both languages.
    #[test]
    fn person_objects_are_serdes_bytes() {
        let mut people = 0;
        let mut seen = std::collections::BTreeSet::new();
        // quotes and backslashes in what a person's own cells say
        let odd = r#"Mã,Họ và tên,Ngạch,Chức vụ,Trình độ chuyên môn
a\1,"Lê ""Tý"" \ Văn",Chuyên viên,"Trưởng ""phòng""",Đại \học
"#;
        crate::report::each_fixture_audit(odd, |plan, audit, roster| {
            let writer = PersonJson::new(plan);
            for p in &audit.people {
                let mut ours = Vec::new();
                writer.write(&mut ours, p).expect("written");
                let serde = serde_json::to_vec(&PersonReport::new(plan, &p.staff, &p.result))
                    .expect("serialised");
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&serde),
                    "{} row {}",
                    roster.display(),
                    p.staff.row
                );
                people += 1;
                let text = String::from_utf8_lossy(&serde);
                for key in KEYS {
                    if text.contains(key) {
                        seen.insert(*key);
                    }
                }
            }
        });
        assert!(people > 300, "{people} people compared");
        assert_eq!(seen.len(), KEYS.len(), "only {seen:?} were compared");
    }
}
