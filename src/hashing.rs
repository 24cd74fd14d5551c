//! A reader or writer that hashes (xxh3) and counts the bytes that pass through it: a
//! part of the cache checked as it is read, a file's text hashed as it is written, or
//! the encoding of a session fingerprinted for `check`, without the bytes ever being
//! whole in memory.

use std::io::{Read, Write};
use xxhash_rust::xxh3::Xxh3;

pub(crate) struct Hashing<T> {
    inner: T,
    pub hasher: Xxh3,
    /// How many bytes passed.
    pub count: u64,
}

impl<T> Hashing<T> {
    pub fn of(inner: T) -> Hashing<T> {
        Hashing {
            inner,
            hasher: Xxh3::new(),
            count: 0,
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
