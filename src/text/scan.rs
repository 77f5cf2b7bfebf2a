//! Finding the next byte an escaping writer must stop at, sixteen bytes a
//! step: the writers of HTML, XML, JSON and iCalendar text spend most of
//! their time walking past plain text to the next character they change.

/// The bytes a writer stops at: a few given ones, and every byte below
/// `below` (0 for none). Each writer's is a constant, so its scan compiles
/// to a handful of vector compares.
pub struct Stops<const N: usize> {
    pub bytes: [u8; N],
    pub below: u8,
}

impl<const N: usize> Stops<N> {
    /// Whether `byte` is one to stop at.
    #[inline(always)]
    pub fn holds(&self, byte: u8) -> bool {
        byte < self.below || self.bytes.contains(&byte)
    }

    /// The position of the first byte to stop at in `bytes` from `from`
    /// on, if any.
    #[inline(always)]
    pub fn find(&self, bytes: &[u8], from: usize) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        {
            self.find_sse2(bytes, from)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            self.find_bytewise(bytes, from)
        }
    }

    /// [`Stops::find`] a byte at a time: the other architectures' way, and
    /// what the tests hold the vector one to.
    #[inline(always)]
    pub fn find_bytewise(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let found = bytes[from..].iter().position(|&byte| self.holds(byte));
        found.map(|i| from + i)
    }

    /// [`Stops::find`] with SSE2, which every x86-64 processor has. The
    /// last bytes short of sixteen are tested as the end of a step reaching
    /// back, or as a step padded with zeros when the text is that short.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn find_sse2(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let mut at = from;
        while let Some(chunk) = bytes.get(at..at + 16) {
            let mask = self.mask(chunk.try_into().expect("sixteen bytes"));
            if mask != 0 {
                return Some(at + mask.trailing_zeros() as usize);
            }
            at += 16;
        }
        let left = bytes.len() - at;
        if left == 0 {
            return None;
        }
        let mask = if bytes.len() >= 16 {
            let start = bytes.len() - 16;
            let last = bytes[start..].try_into().expect("sixteen bytes");
            self.mask(last) >> (at - start)
        } else {
            let mut padded = [0; 16];
            padded[..left].copy_from_slice(&bytes[at..]);
            self.mask(&padded) & ((1 << left) - 1)
        };
        (mask != 0).then(|| at + mask.trailing_zeros() as usize)
    }

    /// One bit for each of `chunk`'s bytes, set for those to stop at.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn mask(&self, chunk: &[u8; 16]) -> u32 {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8, _mm_setzero_si128,
        };
        // SAFETY: `chunk` is sixteen readable bytes, and the load has no
        // alignment requirement; the rest is arithmetic on SSE2 registers,
        // which every x86-64 processor has.
        unsafe {
            let chunk = _mm_loadu_si128(chunk.as_ptr().cast());
            let mut found = _mm_setzero_si128();
            if self.below > 0 {
                // A byte is below `below` exactly when the smaller of it and
                // `below - 1` is the byte itself.
                let limit = _mm_set1_epi8((self.below - 1) as i8);
                found = _mm_cmpeq_epi8(_mm_min_epu8(chunk, limit), chunk);
            }
            for &byte in &self.bytes {
                let equal = _mm_cmpeq_epi8(chunk, _mm_set1_epi8(byte as i8));
                found = _mm_or_si128(found, equal);
            }
            _mm_movemask_epi8(found) as u32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector scan finds what a byte-by-byte one finds, for stops with
    /// and without a lower range, at every position of a sixteen-byte
    /// chunk and across chunks, on every byte value.
    #[test]
    fn finds_what_a_byte_by_byte_scan_finds() {
        const MARKUP: Stops<3> = Stops {
            bytes: [b'&', b'<', 0xe2],
            below: 0,
        };
        const CONTROLS: Stops<2> = Stops {
            bytes: [b'"', 0x7f],
            below: 0x20,
        };
        let mut next = crate::test_random::below(11);
        for _ in 0..20_000 {
            let bytes: Vec<u8> = (0..next(70))
                .map(|_| match next(8) {
                    0 => next(256) as u8,
                    _ => b'a' + next(26) as u8,
                })
                .collect();
            let from = next(bytes.len() as u64 + 1) as usize;
            assert_eq!(
                MARKUP.find(&bytes, from),
                MARKUP.find_bytewise(&bytes, from),
                "{bytes:?}"
            );
            assert_eq!(
                CONTROLS.find(&bytes, from),
                CONTROLS.find_bytewise(&bytes, from),
                "{bytes:?}"
            );
        }
        assert_eq!(CONTROLS.find(&[b'a'; 40], 0), None);
        assert_eq!(
            CONTROLS.find(b"0123456789abcdef0123456789\x1f", 3),
            Some(26)
        );
        assert_eq!(CONTROLS.find(b"0123456789abcdef\x20\x7e\x80\xff", 0), None);
    }
}
