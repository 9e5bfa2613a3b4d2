//! One person as the evaluator sees them: cells indexed by field id, rank and positions
//! already matched to the plan.

use std::sync::Arc;

use compact_str::CompactString;
use smallvec::SmallVec;

use crate::date::Date;

/// A text value: its comparison key and its spelling in the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct TextValue {
    /// Normalised key.
    pub key: String,
    /// As the roster wrote it.
    pub raw: String,
}

/// A cell the reader could not understand, kept for the finding that needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidValue {
    /// As the roster wrote it.
    pub raw: String,
    /// Why it was not understood, with a suggestion.
    pub problem: String,
}

/// One roster value after normalisation.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// The roster has no column for this field.
    Absent,
    /// The cell is empty.
    Empty,
    /// A level of the field's scale.
    Level {
        /// Index in the scale.
        level: u16,
        /// Order on the scale.
        order: u8,
        /// True when an empty cell was read as this level (`empty means`).
        from_empty: bool,
    },
    /// A date.
    Date(Date),
    /// A date of which only the year is known ("Năm sinh: 1975"): a criterion reading it is
    /// decided only when every day of that year gives the same answer.
    Year(i32),
    /// A number.
    Number(f64),
    /// Text.
    Text(Arc<TextValue>),
    /// Yes or no.
    Bool(bool),
    /// A value that could not be read as the field's type.
    Invalid(Arc<InvalidValue>),
}

/// Cells a row holds without an allocation of their own.
pub const INLINE_CELLS: usize = 8;

/// A position as written, and the plan subject it names (if any is in force).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeldPosition {
    /// As written (inline up to 24 bytes).
    pub text: CompactString,
    /// The matched subject.
    pub subject: Option<u32>,
}

/// One person of a roster.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
    /// Row number as the spreadsheet shows it.
    pub row: u32,
    /// The id cell (short ids are held inline: no allocation per person).
    pub id: CompactString,
    /// The name cell (inline up to 24 bytes, as most names are).
    pub name: CompactString,
    /// The unit cell (đơn vị), for reports grouped by unit.
    pub unit: CompactString,
    /// The rank as written (name, or code when only a code is given).
    pub rank_text: CompactString,
    /// The matched rank.
    pub rank: Option<u32>,
    /// Positions held (almost everyone holds one or two: no allocation for them).
    pub(crate) positions: SmallVec<[HeldPosition; 2]>,
    /// Values of the fields the plan keeps, by slot (`Plan::cell` reads them by field).
    /// Held inline up to [`INLINE_CELLS`] (a workload's few fields need no allocation).
    pub cells: SmallVec<[Cell; INLINE_CELLS]>,
    /// What the reader should check about how the row was read (a rank code and a rank name
    /// that name different ranks); empty for almost every row.
    pub notes: Vec<String>,
}

impl StaffRow {
    /// Every matched subject: the rank, then the positions.
    pub fn subjects(&self) -> impl Iterator<Item = u32> + '_ {
        self.rank
            .into_iter()
            .chain(self.positions.iter().filter_map(|p| p.subject))
    }
}
