//! Duplicate ids in a streamed audit, in memory that does not grow with the roster. A fixed
//! 16 MB filter (a split-block Bloom filter, as Parquet's) answers "never seen" for almost
//! every id; the ids seen go to a temporary file as 12-byte entries (the id's 64-bit hash and
//! the row), read back only to confirm a possible repeat and name the row of its first use.
//! When confirmations grow many (a roster holding many repeats, or a roster far larger than the
//! filter was made for), the entries are loaded into an exact table in memory, which then
//! grows with the roster as a hash set would. Two different ids share a 64-bit hash with a
//! probability of about n²/2⁶⁵: one in six million for 2,500,000 rows.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

/// An id's 64-bit hash, as two u32 halves (4-byte alignment keeps an entry at 12 bytes), never
/// both 0 (an empty slot of [`ExactIds`]). Worked out where the person is evaluated, so the
/// bookkeeping thread only looks up.
pub(crate) type IdHash = [u32; 2];

/// The hash of an id.
pub(crate) fn id_hash(id: &str) -> IdHash {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(id.as_bytes());
    let hash = h.finish().max(1);
    [(hash >> 32) as u32, hash as u32]
}

/// What is known of an id's earlier use.
#[derive(Debug, PartialEq)]
pub(crate) enum Earlier {
    /// Never seen before (it is remembered now).
    No,
    /// First used at this row.
    At(u32),
    /// Perhaps seen, but the ids seen could not be read back to tell: why.
    Unknown(String),
}

/// The ids seen so far (see the module doc).
pub(crate) struct SeenIds {
    filter: Vec<Block>,
    /// The temporary file of entries, with entries not yet written; None once `exact` holds
    /// them all.
    spill: Option<Spill>,
    /// The exact table, once the filter no longer suffices (or no temporary file could be made).
    exact: Option<ExactIds>,
    /// Possible repeats confirmed by reading the file back.
    confirmations: u32,
    /// Why the entries could not be read back, when they could not.
    unreadable: Option<String>,
}

/// Eight 32-bit words, one cache line's half: an id sets one bit in each.
#[derive(Clone, Copy, Default)]
#[repr(align(32))]
struct Block([u32; 8]);

/// The odd constants that pick an id's bit in each word of its block (Parquet's).
const SALT: [u32; 8] = [
    0x47b6_137b,
    0x4497_4d91,
    0x8824_ad5b,
    0xa2b7_289d,
    0x7054_95c7,
    0x2df1_424b,
    0x9efc_4947,
    0x5c6b_fb31,
];

/// Blocks of the filter: 16 MB. Up to about 4,000,000 ids, fewer than one id in a million that
/// was never seen needs the file read back.
const FILTER_BLOCKS: usize = 1 << 19;

/// Confirmations (each reads the file back) before the exact table takes over.
const MAX_CONFIRMATIONS: u32 = 16;

/// Entries written to the temporary file at a time.
const SPILL_BUFFER: usize = 1 << 16;

struct Spill {
    /// Made with the first write.
    file: Option<File>,
    /// Bytes of entries known to be written whole.
    written: u64,
    pending: Vec<[u32; 3]>,
}

impl SeenIds {
    /// Nothing seen yet: the filter, and a temporary file made when the first
    /// [`SPILL_BUFFER`] entries are written (the exact table when none can be made).
    pub(crate) fn new() -> SeenIds {
        SeenIds {
            filter: vec![Block::default(); FILTER_BLOCKS],
            spill: Some(Spill {
                file: None,
                written: 0,
                pending: Vec::with_capacity(SPILL_BUFFER),
            }),
            exact: None,
            confirmations: 0,
            unreadable: None,
        }
    }

    /// Nothing seen yet, every id kept in memory (the exact table): for audits that keep
    /// everyone anyway, and for `serve`, which writes nothing to disk.
    pub(crate) fn in_memory() -> SeenIds {
        SeenIds {
            filter: Vec::new(),
            spill: None,
            exact: Some(ExactIds::default()),
            confirmations: 0,
            unreadable: None,
        }
    }

    /// Room for about `rows` ids, when the exact table holds them.
    pub(crate) fn reserve(&mut self, rows: usize) {
        if let Some(exact) = &mut self.exact {
            exact.reserve(rows);
        }
    }

    /// Reads, all at once, the memory each of these hashes will be looked up in: independent
    /// reads wait for memory together, where the look-ups one by one would each wait alone.
    pub(crate) fn prefetch(&self, hashes: impl Iterator<Item = IdHash>) {
        match &self.exact {
            Some(exact) => exact.prefetch(hashes),
            None if !self.filter.is_empty() => {
                let mut any = 0;
                for hash in hashes {
                    any ^= self.filter[self.block_of(hash)].0[0];
                }
                std::hint::black_box(any);
            }
            None => {}
        }
    }

    /// Whether the id of this hash was seen before; remembered at `row` when it was not.
    pub(crate) fn first_use(&mut self, hash: IdHash, row: u32) -> Earlier {
        if let Some(exact) = &mut self.exact {
            return match exact.first_use(hash, row) {
                Some(first) => Earlier::At(first),
                None if self.unreadable.is_some() && self.in_filter(hash) => {
                    Earlier::Unknown(self.unreadable.clone().unwrap_or_default())
                }
                None => Earlier::No,
            };
        }
        if self.in_filter(hash) {
            if self.confirmations >= MAX_CONFIRMATIONS {
                self.go_exact();
                return self.first_use(hash, row);
            }
            self.confirmations += 1;
            match self.find_in_spill(hash) {
                Ok(Some(first)) => return Earlier::At(first),
                Ok(None) => {}
                Err(e) => {
                    self.unreadable = Some(e.to_string());
                    self.go_exact();
                    return self.first_use(hash, row);
                }
            }
        }
        self.remember(hash, row);
        Earlier::No
    }

    fn block_of(&self, [hi, _]: IdHash) -> usize {
        ((u64::from(hi) * self.filter.len() as u64) >> 32) as usize
    }

    fn in_filter(&self, hash: IdHash) -> bool {
        if self.filter.is_empty() {
            return false;
        }
        let block = &self.filter[self.block_of(hash)];
        (0..8).all(|i| block.0[i] & bit(hash[1], i) != 0)
    }

    fn remember(&mut self, hash: IdHash, row: u32) {
        let b = self.block_of(hash);
        for i in 0..8 {
            self.filter[b].0[i] |= bit(hash[1], i);
        }
        let Some(spill) = &mut self.spill else {
            return;
        };
        spill.pending.push([hash[0], hash[1], row]);
        if spill.pending.len() == SPILL_BUFFER && spill.flush().is_err() {
            self.go_exact();
        }
    }

    /// The row of the first entry with this hash in the file and the entries not yet written.
    fn find_in_spill(&mut self, hash: IdHash) -> std::io::Result<Option<u32>> {
        let Some(spill) = &mut self.spill else {
            return Ok(None);
        };
        let mut found = None;
        spill.each_written(|[hi, lo, row]| {
            if found.is_none() && [hi, lo] == hash {
                found = Some(row);
            }
        })?;
        Ok(found.or_else(|| {
            spill
                .pending
                .iter()
                .find(|e| [e[0], e[1]] == hash)
                .map(|e| e[2])
        }))
    }

    /// Loads every entry into the exact table, which answers from now on; the filter is kept
    /// only to name possible repeats when the file could not be read back.
    fn go_exact(&mut self) {
        let mut exact = ExactIds::default();
        if let Some(mut spill) = self.spill.take() {
            exact.reserve((spill.written / 12) as usize + spill.pending.len());
            if let Err(e) = spill.each_written(|[hi, lo, row]| {
                exact.first_use([hi, lo], row);
            }) {
                self.unreadable = Some(e.to_string());
            }
            for [hi, lo, row] in spill.pending {
                exact.first_use([hi, lo], row);
            }
        }
        if self.unreadable.is_none() {
            self.filter = Vec::new();
        }
        self.exact = Some(exact);
    }
}

/// The bit an id's low hash sets in word `i` of its block.
fn bit(lo: u32, i: usize) -> u32 {
    1 << (lo.wrapping_mul(SALT[i]) >> 27)
}

impl Spill {
    /// Writes the pending entries; on failure the file keeps only the entries written whole
    /// before (`written`), and the pending ones stay pending.
    fn flush(&mut self) -> std::io::Result<()> {
        let mut bytes = Vec::with_capacity(self.pending.len() * 12);
        for e in &self.pending {
            for word in e {
                bytes.extend_from_slice(&word.to_le_bytes());
            }
        }
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(tempfile::tempfile()?),
        };
        file.seek(SeekFrom::Start(self.written))?;
        file.write_all(&bytes)?;
        self.written += bytes.len() as u64;
        self.pending.clear();
        Ok(())
    }

    /// Every entry written whole, in the order written.
    fn each_written(&mut self, mut f: impl FnMut([u32; 3])) -> std::io::Result<()> {
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        file.seek(SeekFrom::Start(0))?;
        let mut left = self.written;
        let mut chunk = vec![0u8; (1 << 20) / 12 * 12];
        while left > 0 {
            let n = chunk.len().min(left as usize);
            file.read_exact(&mut chunk[..n])?;
            for e in chunk[..n].chunks_exact(12) {
                let word = |i: usize| u32::from_le_bytes([e[i], e[i + 1], e[i + 2], e[i + 3]]);
                f([word(0), word(4), word(8)]);
            }
            left -= n as u64;
        }
        Ok(())
    }
}

/// The exact table: open addressing (linear probing) of 64-bit id hashes with the row of first
/// use, 12 bytes a slot, kept under 80% full.
#[derive(Default)]
struct ExactIds {
    /// Slots: the hash's two halves (both 0: empty) and the row.
    slots: Vec<[u32; 3]>,
    used: usize,
}

impl ExactIds {
    /// The most ids room is made for ahead (about 65 MB); past them the table grows as it must.
    const MAX_RESERVED: usize = 4_000_000;

    /// Room for about `rows` ids (at most [`ExactIds::MAX_RESERVED`]) at three quarters full,
    /// so that the table is not rebuilt as it fills.
    fn reserve(&mut self, rows: usize) {
        let slots = rows.min(Self::MAX_RESERVED) / 3 * 4 + 64;
        if slots > self.slots.len() {
            self.rebuild(slots);
        }
    }

    fn rebuild(&mut self, slots: usize) {
        let old = std::mem::replace(&mut self.slots, vec![[0; 3]; slots]);
        for [hi, lo, row] in old {
            if hi | lo != 0 {
                let mut i = self.home(hi, lo);
                while self.slots[i][0] | self.slots[i][1] != 0 {
                    i = if i + 1 == slots { 0 } else { i + 1 };
                }
                self.slots[i] = [hi, lo, row];
            }
        }
    }

    /// Where a hash's search starts: its place in the table, by multiplication.
    fn home(&self, hi: u32, lo: u32) -> usize {
        let hash = (u64::from(hi) << 32) | u64::from(lo);
        ((u128::from(hash) * self.slots.len() as u128) >> 64) as usize
    }

    fn prefetch(&self, hashes: impl Iterator<Item = IdHash>) {
        if self.slots.is_empty() {
            return;
        }
        let mut any = 0;
        for [hi, lo] in hashes {
            any ^= self.slots[self.home(hi, lo)][2];
        }
        std::hint::black_box(any);
    }

    /// The row that first used the id of this hash, or None (and it is remembered at `row`).
    fn first_use(&mut self, [hi, lo]: IdHash, row: u32) -> Option<u32> {
        // past 80% full the searches grow long: half as many slots again
        if (self.used + 1) * 5 > self.slots.len() * 4 {
            self.rebuild(self.slots.len() / 2 * 3 + 64);
        }
        let n = self.slots.len();
        let mut i = self.home(hi, lo);
        loop {
            let [h, l, first] = self.slots[i];
            if h | l == 0 {
                self.slots[i] = [hi, lo, row];
                self.used += 1;
                return None;
            }
            if h == hi && l == lo {
                return Some(first);
            }
            i = if i + 1 == n { 0 } else { i + 1 };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(row: u32) -> IdHash {
        id_hash(&format!("HC{row}"))
    }

    /// Kept in memory, nothing goes to a file.
    #[test]
    fn in_memory_names_the_first_use() {
        let mut ids = SeenIds::in_memory();
        for row in 0..1000u32 {
            assert_eq!(ids.first_use(hash(row), row), Earlier::No);
        }
        assert_eq!(ids.first_use(hash(999), 1000), Earlier::At(999));
        assert!(ids.spill.is_none() && ids.filter.is_empty());
    }

    #[test]
    fn exact_table_finds_every_repeat_through_growth() {
        let mut ids = ExactIds::default();
        ids.reserve(100);
        for row in 0..10_000u32 {
            assert_eq!(ids.first_use(hash(row), row), None);
        }
        for row in 0..10_000u32 {
            assert_eq!(ids.first_use(hash(row), row + 10_000), Some(row));
        }
        assert_eq!(ids.used, 10_000);
        assert!(ids.slots.len() * 4 >= ids.used * 5);
    }

    /// A few repeats are confirmed from the file (pending entries and written ones alike)
    /// without the exact table; ids never seen pass the filter.
    #[test]
    fn filter_and_file_name_the_first_use() {
        let mut ids = SeenIds::new();
        let n = 3 * SPILL_BUFFER as u32;
        for row in 0..n {
            assert_eq!(ids.first_use(hash(row), row), Earlier::No);
        }
        assert!(ids.exact.is_none(), "a temporary file can be made here");
        // one written to the file, one still pending
        assert_eq!(ids.first_use(hash(7), n), Earlier::At(7));
        assert_eq!(ids.first_use(hash(n - 3), n + 1), Earlier::At(n - 3));
        assert!(ids.exact.is_none());
        assert!(ids.confirmations >= 2 && ids.confirmations < MAX_CONFIRMATIONS);
    }

    /// Many repeats: past [`MAX_CONFIRMATIONS`] the exact table takes over, with every entry.
    #[test]
    fn many_repeats_load_the_exact_table() {
        let mut ids = SeenIds::new();
        let n = 2 * SPILL_BUFFER as u32 + 5;
        for row in 0..n {
            assert_eq!(ids.first_use(hash(row), row), Earlier::No);
        }
        for row in 0..n {
            assert_eq!(ids.first_use(hash(row), n + row), Earlier::At(row));
        }
        assert!(ids.exact.is_some());
        assert!(ids.spill.is_none() && ids.filter.is_empty());
        assert_eq!(ids.first_use(hash(n + 1), 3 * n), Earlier::No);
    }
}
