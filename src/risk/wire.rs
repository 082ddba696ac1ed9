//! The byte format of the messages between the page and the Monte Carlo workers ([`super::protocol`]'s
//! `Request` and `Response`): little-endian fixed-width numbers (`f64` as its bits, so every value crosses
//! exactly), lengths as `u32`, texts as UTF-8 bytes after their length, lists as their length and then each
//! item.
//!
//! Written by hand for these few types rather than derived with serde: the page's module then carries only the
//! encoder of its requests and the decoder of the replies, a few KB, where yew-agent's bincode codec with
//! serde's visitors for these types took about 27 KB of the first module (8 KB brotli of the first view).

use gigawatt_model::columns::ColumnStats;
use gigawatt_model::montecarlo::{Fan, TornadoBar};
use gigawatt_model::{Month, Summary, Tornado};

/// Builds a message.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    pub fn i32(&mut self, v: i32) {
        self.u32(v as u32);
    }

    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    pub fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }

    /// A length or count (messages stay far below 4 GB).
    pub fn count(&mut self, n: usize) {
        self.u32(n as u32);
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.count(b.len());
        self.0.extend_from_slice(b);
    }

    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    pub fn f64s(&mut self, values: &[f64]) {
        self.count(values.len());
        values.iter().for_each(|v| self.f64(*v));
    }
}

/// Reads a message; every read is `None` past its end.
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    pub fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|[b]| b)
    }

    pub fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    pub fn i32(&mut self) -> Option<i32> {
        self.u32().map(|v| v as i32)
    }

    pub fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    pub fn f64(&mut self) -> Option<f64> {
        self.u64().map(f64::from_bits)
    }

    pub fn count(&mut self) -> Option<usize> {
        self.u32().map(|n| n as usize)
    }

    pub fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.count()?;
        let (head, rest) = (self.0.get(..n)?, &self.0[n..]);
        self.0 = rest;
        Some(head.to_vec())
    }

    pub fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?).ok()
    }

    /// A list of items, each read by `item`.
    pub fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        (0..self.count()?).map(|_| item(self)).collect()
    }

    pub fn f64s(&mut self) -> Option<Vec<f64>> {
        self.list(Self::f64)
    }

    /// `value` if the message ended with it (trailing bytes mean a message of another format).
    pub fn end<T>(&self, value: T) -> Option<T> {
        self.0.is_empty().then_some(value)
    }
}

pub fn write_summary(w: &mut Writer, s: &Summary) {
    w.u32(s.runs);
    w.u64(s.seed);
    w.count(s.months.len());
    s.months.iter().for_each(|m| w.i32(m.0));
    w.count(s.fans.len());
    for fan in &s.fans {
        w.str(&fan.name);
        for values in [&fan.p10, &fan.p50, &fan.p90, &fan.mean] {
            w.f64s(values);
        }
    }
    w.count(s.p_negative_by_year.len());
    for (year, p) in &s.p_negative_by_year {
        w.i32(*year);
        w.f64(*p);
    }
    w.count(s.first_negative_year.len());
    for (year, count) in &s.first_negative_year {
        w.i32(*year);
        w.u32(*count);
    }
    w.u32(s.never_negative);
}

pub fn read_summary(r: &mut Reader) -> Option<Summary> {
    Some(Summary {
        runs: r.u32()?,
        seed: r.u64()?,
        months: r.list(|r| r.i32().map(Month))?,
        fans: r.list(|r| {
            Some(Fan {
                name: r.string()?,
                p10: r.f64s()?,
                p50: r.f64s()?,
                p90: r.f64s()?,
                mean: r.f64s()?,
            })
        })?,
        p_negative_by_year: r.list(|r| Some((r.i32()?, r.f64()?)))?,
        first_negative_year: r.list(|r| Some((r.i32()?, r.u32()?)))?,
        never_negative: r.u32()?,
    })
}

pub fn write_column_stats(w: &mut Writer, s: &ColumnStats) {
    w.u32(s.runs);
    w.count(s.width);
    w.count(s.columns.start);
    w.count(s.columns.end);
    for values in [&s.mean, &s.p10, &s.p50, &s.p90] {
        w.f64s(values);
    }
    w.count(s.first_negative_by_month.len());
    s.first_negative_by_month.iter().for_each(|n| w.u32(*n));
}

pub fn read_column_stats(r: &mut Reader) -> Option<ColumnStats> {
    Some(ColumnStats {
        runs: r.u32()?,
        width: r.count()?,
        columns: r.count()?..r.count()?,
        mean: r.f64s()?,
        p10: r.f64s()?,
        p50: r.f64s()?,
        p90: r.f64s()?,
        first_negative_by_month: r.list(Reader::u32)?,
    })
}

pub fn write_tornado(w: &mut Writer, t: &Tornado) {
    w.i32(t.year);
    w.f64(t.base_gap);
    w.f64(t.base_revenue);
    for bars in [&t.by_gap, &t.by_revenue] {
        w.count(bars.len());
        for bar in bars {
            w.str(&bar.key);
            w.str(&bar.label);
            for v in [
                bar.low,
                bar.high,
                bar.gap_at_low,
                bar.gap_at_high,
                bar.revenue_at_low,
                bar.revenue_at_high,
            ] {
                w.f64(v);
            }
        }
    }
}

pub fn read_tornado(r: &mut Reader) -> Option<Tornado> {
    let bar = |r: &mut Reader| {
        Some(TornadoBar {
            key: r.string()?,
            label: r.string()?,
            low: r.f64()?,
            high: r.f64()?,
            gap_at_low: r.f64()?,
            gap_at_high: r.f64()?,
            revenue_at_low: r.f64()?,
            revenue_at_high: r.f64()?,
        })
    };
    Some(Tornado {
        year: r.i32()?,
        base_gap: r.f64()?,
        base_revenue: r.f64()?,
        by_gap: r.list(bar)?,
        by_revenue: r.list(bar)?,
    })
}
