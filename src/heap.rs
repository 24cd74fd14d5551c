//! How the program asks the C allocator to hand memory back. A TUI stays open for a
//! whole outage, and its saver thread now and then writes a new snapshot, the cache and
//! the lean copy: glibc's default keeps the large buffers of such a write for reuse
//! (it raises its threshold for handing them to the system as it sees them freed), so
//! each one would leave the program a few MiB larger. A fixed threshold makes every
//! buffer of 256 KiB or more its own mapping, returned when it is freed. (At 64 KiB the
//! memory was the same and opening 15 % slower: the runs of the history, unpacked one
//! at a time, would each be mapped afresh.)

/// Buffers of at least this many bytes are mapped on their own.
const OWN_MAPPING_FROM: i32 = 256 * 1024;

/// Sets the allocator up as the module doc says; call it first thing in `main`. Does
/// nothing where the C library is not glibc.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of the allocator; called before any other
    // thread runs. Its answer (whether the value was taken) changes nothing here.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_MAPPING_FROM);
    }
}
