//! Records kept in sorted order in bounded memory. A report that lists people after everyone
//! has been audited (the training plan of a JSON report, the training sheet of a workbook) puts
//! them here instead of in a `Vec` that grows with the roster: they are held in memory up to a
//! budget, then sorted and written to a temporary file as a run, and reading one group back
//! merges that group's part of every run. (The `extsort` crate sorts an iterator handed to it
//! whole; these records arrive one by one from a fold and are read back a group at a time.)

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// A record a spool can hold: ordered within its group, written to bytes and read back.
pub(crate) trait Spooled: Ord + Clone + Sized {
    /// The group it is read back with.
    fn group(&self) -> u32;
    /// About how many bytes it holds in memory.
    fn size(&self) -> usize;
    /// Its bytes, appended to `out`.
    fn encode(&self, out: &mut Vec<u8>);
    /// The record of [`Spooled::encode`]'s bytes; `None` when they are not one.
    fn decode(bytes: &[u8]) -> Option<Self>;
}

/// Bytes of records held in memory before a run goes to the temporary file.
const BUDGET: usize = 4 << 20;

/// Bytes each run's reader buffers while a group is merged.
const READ_BUFFER: usize = 32 << 10;

/// Records pushed in any order, read back sorted, group by group.
pub(crate) struct GroupedSpool<T> {
    held: Vec<T>,
    held_bytes: usize,
    /// Whether runs may go to a temporary file (not for an audit that writes nothing to disk).
    on_disk: bool,
    file: Option<BufWriter<tempfile::NamedTempFile>>,
    /// Where each run put each of its groups: (group, start, length) in the file.
    runs: Vec<Vec<(u32, u64, u64)>>,
    /// Bytes written to the file.
    written: u64,
}

impl<T: Spooled> GroupedSpool<T> {
    /// A spool that never writes: for audits that keep everyone in memory anyway (`serve`).
    pub(crate) fn in_memory() -> Self {
        GroupedSpool {
            held: Vec::new(),
            held_bytes: 0,
            on_disk: false,
            file: None,
            runs: Vec::new(),
            written: 0,
        }
    }

    /// A spool whose records beyond the budget go to a temporary file.
    pub(crate) fn on_disk() -> Self {
        GroupedSpool {
            on_disk: true,
            ..GroupedSpool::in_memory()
        }
    }

    /// Keeps one record. When the temporary file cannot be written (a full disk), the records
    /// stay in memory: the report is still whole, only larger in memory.
    pub(crate) fn push(&mut self, record: T) {
        self.held_bytes += record.size();
        self.held.push(record);
        if self.on_disk && self.held_bytes >= BUDGET && self.spill().is_err() {
            self.on_disk = false;
        }
    }

    /// The records held, sorted, written to the file as one more run; on an error nothing is
    /// counted as written and the records stay held.
    fn spill(&mut self) -> io::Result<()> {
        self.held.sort_unstable();
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(BufWriter::with_capacity(
                1 << 20,
                tempfile::NamedTempFile::new()?,
            )),
        };
        let mut groups: Vec<(u32, u64, u64)> = Vec::new();
        let mut written = self.written;
        let mut bytes = Vec::new();
        for record in &self.held {
            bytes.clear();
            record.encode(&mut bytes);
            let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
            file.write_all(&len.to_le_bytes())?;
            file.write_all(&bytes)?;
            let size = 4 + u64::from(len);
            match groups.last_mut() {
                Some((g, _, length)) if *g == record.group() => *length += size,
                _ => groups.push((record.group(), written, size)),
            }
            written += size;
        }
        // a run counts once it is in the file
        file.flush()?;
        self.written = written;
        self.held.clear();
        self.held_bytes = 0;
        self.runs.push(groups);
        Ok(())
    }

    /// Every record pushed, ready to be read back group by group.
    pub(crate) fn finish(mut self) -> SortedSpool<T> {
        self.held.sort_unstable();
        // every run was flushed as it was written: nothing is left in the buffer to lose
        let file = self.file.and_then(|file| file.into_inner().ok());
        SortedSpool {
            held: self.held,
            file,
            runs: self.runs,
        }
    }
}

/// A finished [`GroupedSpool`]: the records of a group, in order, as often as asked.
pub(crate) struct SortedSpool<T> {
    held: Vec<T>,
    file: Option<tempfile::NamedTempFile>,
    runs: Vec<Vec<(u32, u64, u64)>>,
}

impl<T: Spooled> SortedSpool<T> {
    /// The records of `group` in order: the part of each run that holds it, merged.
    pub(crate) fn group(&self, group: u32) -> io::Result<Group<'_, T>> {
        let start = self.held.partition_point(|r| r.group() < group);
        let end = self.held.partition_point(|r| r.group() <= group);
        let mut sources = vec![Source::Held(self.held[start..end].iter())];
        for run in &self.runs {
            let Some(&(_, at, len)) = run.iter().find(|(g, _, _)| *g == group) else {
                continue;
            };
            let Some(file) = &self.file else {
                return Err(unreadable());
            };
            let mut file = file.reopen()?;
            file.seek(SeekFrom::Start(at))?;
            sources.push(Source::Run {
                reader: BufReader::with_capacity(READ_BUFFER, file.take(len)),
                bytes: Vec::new(),
            });
        }
        let mut next = BinaryHeap::new();
        for (i, source) in sources.iter_mut().enumerate() {
            if let Some(record) = source.next()? {
                next.push(Reverse((record, i)));
            }
        }
        Ok(Group { sources, next })
    }
}

/// Why a spooled record cannot be read back.
fn unreadable() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "the temporary file of the people listed could not be read back",
    )
}

/// Where a group's records come from: those still in memory, or one run of the file.
enum Source<'s, T> {
    Held(std::slice::Iter<'s, T>),
    Run {
        reader: BufReader<io::Take<std::fs::File>>,
        bytes: Vec<u8>,
    },
}

impl<T: Spooled> Source<'_, T> {
    fn next(&mut self) -> io::Result<Option<T>> {
        match self {
            Source::Held(records) => Ok(records.next().cloned()),
            Source::Run { reader, bytes } => {
                let mut len = [0u8; 4];
                match reader.read_exact(&mut len) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
                    Err(e) => return Err(e),
                }
                bytes.resize(u32::from_le_bytes(len) as usize, 0);
                reader.read_exact(bytes)?;
                T::decode(bytes).map(Some).ok_or_else(unreadable)
            }
        }
    }
}

/// The records of one group, in order (see [`SortedSpool::group`]).
pub(crate) struct Group<'s, T> {
    sources: Vec<Source<'s, T>>,
    next: BinaryHeap<Reverse<(T, usize)>>,
}

impl<T: Spooled> Iterator for Group<'_, T> {
    type Item = io::Result<T>;

    fn next(&mut self) -> Option<io::Result<T>> {
        let Reverse((record, i)) = self.next.pop()?;
        match self.sources[i].next() {
            Ok(Some(following)) => self.next.push(Reverse((following, i))),
            Ok(None) => {}
            Err(e) => return Some(Err(e)),
        }
        Some(Ok(record))
    }
}

/// Appends a string with its length before it (for [`Spooled::encode`]).
pub(crate) fn put_str(out: &mut Vec<u8>, text: &str) {
    // INVARIANT: a roster cell is far shorter than 4 GB
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

/// Reads what [`put_str`] wrote at `*at`, moving past it.
pub(crate) fn take_str<'b>(bytes: &'b [u8], at: &mut usize) -> Option<&'b str> {
    let len = u32::from_le_bytes(bytes.get(*at..*at + 4)?.try_into().ok()?) as usize;
    let text = std::str::from_utf8(bytes.get(*at + 4..*at + 4 + len)?).ok()?;
    *at += 4 + len;
    Some(text)
}

/// Reads a little-endian `u32` at `*at`, moving past it.
pub(crate) fn take_u32(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let n = u32::from_le_bytes(bytes.get(*at..*at + 4)?.try_into().ok()?);
    *at += 4;
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::{GroupedSpool, Spooled, put_str, take_str, take_u32};

    /// A test record: a group, a key and some text.
    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    struct Rec(u32, u32, String);

    impl Spooled for Rec {
        fn group(&self) -> u32 {
            self.0
        }
        fn size(&self) -> usize {
            64 + self.2.len()
        }
        fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.0.to_le_bytes());
            out.extend_from_slice(&self.1.to_le_bytes());
            put_str(out, &self.2);
        }
        fn decode(bytes: &[u8]) -> Option<Self> {
            let mut at = 0;
            Some(Rec(
                take_u32(bytes, &mut at)?,
                take_u32(bytes, &mut at)?,
                take_str(bytes, &mut at)?.to_string(),
            ))
        }
    }

    /// Many runs on disk and the rest in memory read back as one sorted list per group, the
    /// same as a spool that never writes.
    #[test]
    fn groups_come_back_sorted_across_runs() {
        let records: Vec<Rec> = (0..300_000u32)
            .map(|i| {
                let key = i.wrapping_mul(2_654_435_761) % 1_000_003;
                Rec(key % 5, key, format!("người {i} – Đơn vị {}", key % 97))
            })
            .collect();
        let mut disk = GroupedSpool::on_disk();
        let mut memory = GroupedSpool::in_memory();
        for r in &records {
            disk.push(r.clone());
            memory.push(r.clone());
        }
        assert!(disk.runs.len() >= 4, "{} runs", disk.runs.len());
        assert!(memory.runs.is_empty());
        let (disk, memory) = (disk.finish(), memory.finish());
        let mut total = 0;
        for g in 0..6 {
            let mut expected: Vec<Rec> = records.iter().filter(|r| r.0 == g).cloned().collect();
            expected.sort();
            let read: Vec<Rec> = disk.group(g).unwrap().map(Result::unwrap).collect();
            assert_eq!(read, expected, "group {g}");
            let again: Vec<Rec> = memory.group(g).unwrap().map(Result::unwrap).collect();
            assert_eq!(again, expected, "group {g} in memory");
            total += read.len();
        }
        assert_eq!(total, records.len());
    }
}
