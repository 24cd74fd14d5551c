//! A list that only grows at its end and is cheap to copy: its items are kept in
//! pieces, each full piece shared between copies, so a copy costs a pointer a piece and
//! the last piece's items. (The history's copy of every op on a step: thousands of ops
//! in a grown session, copied each time the saver is handed the session.)

use std::sync::Arc;

/// How many items a full piece holds.
const PIECE: usize = 256;

#[derive(Clone)]
pub(super) struct Growing<T> {
    full: Vec<Arc<[T]>>,
    /// The items after the full pieces: fewer than [`PIECE`].
    tail: Vec<T>,
}

impl<T> Default for Growing<T> {
    fn default() -> Growing<T> {
        Growing {
            full: Vec::new(),
            tail: Vec::new(),
        }
    }
}

impl<T> Growing<T> {
    pub(super) fn push(&mut self, item: T) {
        self.tail.push(item);
        if self.tail.len() == PIECE {
            self.full.push(std::mem::take(&mut self.tail).into());
        }
    }

    /// The items in order (either way round).
    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.full
            .iter()
            .flat_map(|piece| piece.iter())
            .chain(self.tail.iter())
    }
}

impl<T> FromIterator<T> for Growing<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Growing<T> {
        let mut list = Growing::default();
        for item in items {
            list.push(item);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_reads_back_in_order_and_a_copy_shares_its_full_pieces() {
        let n = 2 * PIECE + 10;
        let list: Growing<usize> = (0..n).collect();
        assert!(list.iter().copied().eq(0..n));
        assert!(list.iter().rev().copied().eq((0..n).rev()));
        let mut copy = list.clone();
        copy.push(n);
        assert!(
            list.full
                .iter()
                .zip(&copy.full)
                .all(|(a, b)| Arc::ptr_eq(a, b)),
            "the full pieces are shared"
        );
        assert_eq!((list.iter().count(), copy.iter().count()), (n, n + 1));
        assert_eq!(copy.iter().last(), Some(&n));
    }
}
