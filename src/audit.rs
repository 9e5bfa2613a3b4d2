//! The batch audit: records in batches, each batch turned into staff rows and evaluated in
//! parallel (rayon), then accounted for in roster order. Every row ends up audited or rejected.

use std::collections::HashMap;

use csv::StringRecord;
use rayon::prelude::*;

use crate::evaluate::evaluate;
use crate::finding::PersonResult;
use crate::plan::Plan;
use crate::roster::{ColumnMap, RowError, build_row};
use crate::staff::StaffRow;

/// Records evaluated per parallel batch.
pub const BATCH: usize = 8192;

/// One audited person.
#[derive(Debug, Clone)]
pub struct Audited {
    /// What was read.
    pub staff: StaffRow,
    /// What the rules say.
    pub result: PersonResult,
}

/// The outcome of a whole roster.
#[derive(Debug)]
pub struct AuditOutput {
    /// Audited people, in roster order.
    pub people: Vec<Audited>,
    /// Rows not audited, in roster order.
    pub rejected: Vec<RowError>,
    /// Rows read (audited + rejected).
    pub total: usize,
    /// How the columns were matched.
    pub columns: ColumnMap,
}

/// Audits every record `next_batch` yields until it yields an empty batch.
pub fn audit(
    plan: &Plan,
    columns: ColumnMap,
    mut next_batch: impl FnMut(usize) -> Vec<(u32, Result<StringRecord, RowError>)>,
) -> AuditOutput {
    let mut people = Vec::new();
    let mut rejected = Vec::new();
    let mut total = 0;
    let mut ids: HashMap<String, u32> = HashMap::new();
    loop {
        let batch = next_batch(BATCH);
        if batch.is_empty() {
            break;
        }
        total += batch.len();
        let evaluated: Vec<Result<Audited, RowError>> = batch
            .into_par_iter()
            .map(|(row, record)| {
                let staff = build_row(plan, &columns, row, &record?)?;
                let result = evaluate(plan, &staff);
                Ok(Audited { staff, result })
            })
            .collect();
        for item in evaluated {
            match item {
                Ok(a) => {
                    if !a.staff.id.is_empty() {
                        if let Some(first) = ids.get(&a.staff.id) {
                            rejected.push(RowError {
                                row: a.staff.row,
                                column: Some("id".to_string()),
                                reason: format!(
                                    "id `{}` is already used at row {first}",
                                    a.staff.id
                                ),
                            });
                            continue;
                        }
                        ids.insert(a.staff.id.clone(), a.staff.row);
                    }
                    people.push(a);
                }
                Err(e) => rejected.push(e),
            }
        }
    }
    let mut columns = columns;
    columns.missing = needed_missing(plan, &columns.missing, &people);
    AuditOutput {
        people,
        rejected,
        total,
        columns,
    }
}

/// The missing columns that matter: those read by a criterion that applied to someone (a
/// teacher-only field is not "missing" from a roster without teachers).
fn needed_missing(plan: &Plan, missing: &[usize], people: &[Audited]) -> Vec<usize> {
    if missing.is_empty() {
        return Vec::new();
    }
    let mut applied = vec![false; plan.criteria.len()];
    for p in people {
        for f in &p.result.findings {
            applied[f.criterion as usize] = true;
        }
    }
    let mut needed = Vec::new();
    for (i, c) in plan.criteria.iter().enumerate() {
        if applied[i] {
            needed.extend(plan.criterion_inputs(c));
        }
    }
    missing
        .iter()
        .copied()
        .filter(|f| needed.contains(f))
        .collect()
}
