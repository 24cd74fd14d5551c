//! A selection in a scrolling list: which row is selected and which is at the top, kept
//! in the app's state so drawing only reads it and mouse clicks can map rows.

/// Selected row and scroll offset of a list of `len` rows shown `height` at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves the selection by `delta` rows, clamped to the list.
    pub fn step(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.reveal(len, height);
    }

    pub fn select(&mut self, index: usize, len: usize, height: usize) {
        self.selected = index;
        self.reveal(len, height);
    }

    /// Scrolls the view without moving the selection further than needed to keep it
    /// on screen (mouse wheel).
    pub fn scroll(&mut self, delta: isize, len: usize, height: usize) {
        let max_offset = len.saturating_sub(height.max(1));
        self.offset = (self.offset as isize + delta).clamp(0, max_offset as isize) as usize;
        if height > 0 && len > 0 {
            let last_visible = self.offset + height - 1;
            self.selected = self.selected.clamp(self.offset, last_visible.min(len - 1));
        }
    }

    /// Keeps the selection inside the list and on screen.
    pub fn reveal(&mut self, len: usize, height: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        self.selected = self.selected.min(len - 1);
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset.saturating_add(height) {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// The list index shown on screen row `row` (0 = first row of the list), if any.
    pub fn index_at(&self, row: usize, len: usize) -> Option<usize> {
        let i = self.offset + row;
        (i < len).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_past_the_bottom_scrolls_and_clamps() {
        let mut c = Cursor::default();
        c.step(5, 10, 3);
        assert_eq!(
            c,
            Cursor {
                selected: 5,
                offset: 3
            }
        );
        c.step(100, 10, 3);
        assert_eq!(
            c,
            Cursor {
                selected: 9,
                offset: 7
            }
        );
        c.step(-100, 10, 3);
        assert_eq!(
            c,
            Cursor {
                selected: 0,
                offset: 0
            }
        );
    }

    #[test]
    fn a_shrinking_list_pulls_the_selection_back() {
        let mut c = Cursor {
            selected: 9,
            offset: 7,
        };
        c.reveal(4, 3);
        assert_eq!(
            c,
            Cursor {
                selected: 3,
                offset: 1
            }
        );
        c.reveal(0, 3);
        assert_eq!(c, Cursor::default());
    }

    #[test]
    fn wheel_scrolls_the_view_and_drags_the_selection_along() {
        let mut c = Cursor::default();
        c.scroll(4, 10, 3);
        assert_eq!(
            c,
            Cursor {
                selected: 4,
                offset: 4
            }
        );
        c.scroll(100, 10, 3);
        assert_eq!(c.offset, 7);
        assert_eq!(c.index_at(2, 10), Some(9));
        assert_eq!(c.index_at(3, 10), None);
    }
}
