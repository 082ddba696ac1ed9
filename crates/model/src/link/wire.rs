//! The byte-level vocabulary of share links (unchanged since version 1): varints, zig-zag integers, exact
//! decimal floats, months, strings and length-delimited records. The reader never panics and never allocates
//! more than it was given: every read checks its bounds and returns [`Damaged`] instead.

use crate::Month;

/// A read ran past the end of its input or found a value this format cannot hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Damaged(pub &'static str);

pub(crate) type Read<T> = Result<T, Damaged>;

/// Longest string a link may carry (bytes): far beyond any name or source note, short of a memory hazard.
pub(crate) const MAX_STRING_BYTES: usize = 10_000;

/// Appends values to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    pub fn index(&mut self, value: usize) {
        self.varint(value as u64);
    }

    pub fn signed(&mut self, value: i64) {
        self.varint(((value << 1) ^ (value >> 63)) as u64);
    }

    pub fn bool(&mut self, value: bool) {
        self.bytes.push(u8::from(value));
    }

    pub fn month(&mut self, month: Month) {
        self.signed(i64::from(month.0));
    }

    pub fn string(&mut self, text: &str) {
        self.index(text.len());
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// A float as its shortest round-tripping decimal: `(digits << 2 | sign << 1 | special)`, then the
    /// zig-zag power of ten. 12 takes 2 bytes, 0.085 takes 3, 2026.9166666666667 takes 10; parsing the decimal
    /// back gives the same bits (Rust prints the shortest string that parses to the same `f64`).
    pub fn f64(&mut self, value: f64) {
        let sign = u64::from(value.is_sign_negative());
        if !value.is_finite() {
            let kind = u64::from(value.is_infinite());
            self.varint(kind << 2 | sign << 1 | 1);
            return;
        }
        let text = format!("{:e}", value.abs());
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
        let fraction_digits = mantissa.split_once('.').map_or(0, |(_, f)| f.len()) as i64;
        let exponent = exponent.parse::<i64>().unwrap_or(0) - fraction_digits;
        let digits = digits.parse::<u64>().unwrap_or(0);
        self.varint(digits << 2 | sign << 1);
        self.signed(exponent);
    }

    /// A record: tag, byte length, body.
    pub fn record(&mut self, tag: u64, body: &[u8]) {
        self.varint(tag);
        self.index(body.len());
        self.bytes.extend_from_slice(body);
    }
}

/// Reads values back from a byte slice; every method fails cleanly at the end of input.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn byte(&mut self) -> Read<u8> {
        let b = *self.bytes.get(self.at).ok_or(Damaged("it ends early"))?;
        self.at += 1;
        Ok(b)
    }

    pub fn varint(&mut self) -> Read<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err(Damaged("a number is too large"));
            }
            value |= part << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Damaged("a number is too long"))
    }

    /// A count or index no larger than `max`.
    pub fn index(&mut self, max: usize) -> Read<usize> {
        let v = self.varint()?;
        if v > max as u64 {
            return Err(Damaged("a count or index is out of range"));
        }
        Ok(v as usize)
    }

    pub fn signed(&mut self) -> Read<i64> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    pub fn bool(&mut self) -> Read<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Damaged("a yes/no value is neither")),
        }
    }

    pub fn month(&mut self) -> Read<Month> {
        let m = self.signed()?;
        i32::try_from(m)
            .map(Month)
            .map_err(|_| Damaged("a month is out of range"))
    }

    pub fn bytes(&mut self, len: usize) -> Read<&'a [u8]> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(Damaged("it ends early"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    pub fn string(&mut self) -> Read<String> {
        let len = self.index(MAX_STRING_BYTES)?;
        let bytes = self.bytes(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| Damaged("a text is not valid UTF-8"))
    }

    pub fn f64(&mut self) -> Read<f64> {
        let head = self.varint()?;
        let negative = head & 2 != 0;
        let value = if head & 1 != 0 {
            match head >> 2 {
                0 => f64::NAN,
                1 => f64::INFINITY,
                _ => return Err(Damaged("a number has an unknown form")),
            }
        } else {
            let exponent = self.signed()?;
            if !(-400..=400).contains(&exponent) {
                return Err(Damaged("a number's exponent is out of range"));
            }
            format!("{}e{exponent}", head >> 2)
                .parse::<f64>()
                .map_err(|_| Damaged("a number does not parse"))?
        };
        Ok(if negative { -value } else { value })
    }

    /// The next record: (tag, body).
    pub fn record(&mut self) -> Read<(u64, &'a [u8])> {
        let tag = self.varint()?;
        let len = self.varint()?;
        let len = usize::try_from(len)
            .ok()
            .filter(|&len| len <= self.bytes.len() - self.at)
            .ok_or(Damaged("a part runs past the end of the data"))?;
        Ok((tag, self.bytes(len)?))
    }
}

/// Collects warnings, each prefixed with which scenario it is about.
pub(crate) struct Notes<'a> {
    pub prefix: &'a str,
    pub warnings: &'a mut Vec<String>,
}

impl Notes<'_> {
    pub(crate) fn warn(&mut self, text: impl AsRef<str>) {
        self.warnings
            .push(format!("{}{}", self.prefix, text.as_ref()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_round_trip_bit_exactly_and_short() {
        let samples = [
            0.0,
            -0.0,
            0.085,
            12.0,
            -0.35,
            2026.0 + 11.0 / 12.0,
            1e-300,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            -f64::MAX,
            0.1 + 0.2,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for x in samples {
            let mut w = Writer::default();
            w.f64(x);
            let back = Reader::new(&w.bytes).f64().unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{x}");
        }
        let mut w = Writer::default();
        w.f64(0.085);
        assert_eq!(w.bytes.len(), 3);
        let mut w = Writer::default();
        w.f64(f64::NAN);
        assert!(Reader::new(&w.bytes).f64().unwrap().is_nan());
    }

    #[test]
    fn reader_fails_cleanly() {
        assert!(Reader::new(&[0x80]).varint().is_err());
        assert!(Reader::new(&[0xff; 11]).varint().is_err());
        assert!(Reader::new(&[5, b'a']).string().is_err());
        assert!(Reader::new(&[2, 0xff, 0xfe]).string().is_err());
        assert!(Reader::new(&[3, 9]).record().is_err());
        assert!(Reader::new(&[2]).bool().is_err());
        let mut w = Writer::default();
        w.signed(-5);
        w.signed(i64::MIN);
        w.varint(u64::MAX);
        let mut r = Reader::new(&w.bytes);
        assert_eq!(r.signed(), Ok(-5));
        assert_eq!(r.signed(), Ok(i64::MIN));
        assert_eq!(r.varint(), Ok(u64::MAX));
        assert!(r.is_empty());
    }
}
