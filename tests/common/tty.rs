//! The TUI in a pseudo-terminal for end-to-end tests: the real `cmo-promote` binary
//! runs in a pty (portable-pty), its output is parsed by a terminal emulator (vt100)
//! and it is driven with keystrokes, as a person at a terminal would. The terminal can
//! also be closed under it, as when a terminal window is closed.

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_cmo-promote");
/// How long any one thing may take to show up before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const POLL: Duration = Duration::from_millis(50);
/// The pause after each keystroke, so the app sees them one by one.
pub const KEY_PAUSE: Duration = Duration::from_millis(20);

pub const TAB: &str = "\t";
pub const CTRL_S: &str = "\x13";

pub fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a screen size is not zero")
}

/// Creates a session titled `title` in `data` with the headless `new` command.
pub fn create_session(data: &Path, title: &str) {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(["new", title])
        .env("USER", "e2e")
        .env_remove("CMO_PROMOTE_DATA_DIR")
        .env("CMO_PROMOTE_CONFIG", super::cli::DEFAULTS_CONFIG)
        .output()
        .expect("run cmo-promote new");
    assert!(
        out.status.success(),
        "cmo-promote new failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The session file in `data` (`sessions/*.ron`, not the backups).
pub fn session_file(data: &Path) -> PathBuf {
    let dir = data.join("sessions");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one session file in {}: {files:?}",
        dir.display()
    );
    files[0].clone()
}

pub fn session_text(data: &Path) -> String {
    let path = session_file(data);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

pub type SharedWriter = Arc<Mutex<Box<dyn Write + Send>>>;

/// The terminal's "where is the cursor?" query (DSR 6); ratatui asks it when it clears
/// the screen, and crossterm gives up if no answer comes.
pub const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// A second handle on the pty's master side (the harness reads and writes through
/// these rather than portable-pty's own, so that it can close every one of them).
fn dup_master(master: &dyn MasterPty) -> File {
    let fd = master
        .as_raw_fd()
        .expect("the pty master's file descriptor");
    // SAFETY: `fd` is open (the master owns it); `dup` returns a new descriptor that
    // the returned File owns and closes.
    let copy = unsafe { libc::dup(fd) };
    assert!(copy >= 0, "dup the pty master");
    unsafe { File::from_raw_fd(copy) }
}

/// Whether `file` has something to read within 20 ms.
fn readable(file: &File) -> bool {
    let mut fds = libc::pollfd {
        fd: file.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(&mut fds, 1, 20) > 0 }
}

/// Reads everything the child writes until the pty closes (or `stop` is set): feeds the
/// emulator, keeps the raw bytes, and answers cursor-position queries as a real
/// terminal would.
fn drain(
    mut reader: File,
    parser: &Mutex<vt100::Parser>,
    raw: &Mutex<Vec<u8>>,
    writer: &Mutex<Box<dyn Write + Send>>,
    eof: &AtomicBool,
    stop: &AtomicBool,
) {
    let mut buf = [0u8; 8192];
    // The end of the previous read, in case a query is split across two reads.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        if !readable(&reader) {
            continue;
        }
        let n = match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let chunk = &buf[..n];
        let (row, col) = {
            let mut p = parser.lock().unwrap();
            p.process(chunk);
            p.screen().cursor_position()
        };
        raw.lock().unwrap().extend_from_slice(chunk);
        carry.extend_from_slice(chunk);
        let queries = carry
            .windows(CURSOR_QUERY.len())
            .filter(|w| *w == CURSOR_QUERY)
            .count();
        // Keep less than a whole query, so none is counted twice.
        let old = carry.len().saturating_sub(CURSOR_QUERY.len() - 1);
        carry.drain(..old);
        for _ in 0..queries {
            let answer = format!("\x1b[{};{}R", row + 1, col + 1);
            let mut w = writer.lock().unwrap();
            let _ = w.write_all(answer.as_bytes());
            let _ = w.flush();
        }
    }
    eof.store(true, Ordering::SeqCst);
}

/// The TUI running in a pseudo-terminal. Dropping it kills the child if it still runs.
pub struct Tui {
    pub parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set by the reader thread when the pty reports end of output.
    eof: Arc<AtomicBool>,
    /// Tells the reader thread to let go of the pty.
    stop: Arc<AtomicBool>,
    reader: Option<thread::JoinHandle<()>>,
    pub exit: Option<ExitStatus>,
    // Field order is drop order: the writer and master go before the child handle.
    writer: SharedWriter,
    master: Option<Box<dyn MasterPty + Send>>,
    child: Box<dyn Child + Send + Sync>,
}

impl Tui {
    /// Runs `cmo-promote --data-dir DATA --user e2e open E2E` in a `cols`×`rows` pty.
    pub fn open(data: &Path, cols: u16, rows: u16) -> Tui {
        Tui::open_session(data, "E2E", cols, rows)
    }

    /// Runs `cmo-promote --data-dir DATA --user e2e open SESSION` in a `cols`×`rows` pty.
    pub fn open_session(data: &Path, session: &str, cols: u16, rows: u16) -> Tui {
        Tui::open_with(data, &["open", session], cols, rows)
    }

    /// Runs `cmo-promote --data-dir DATA --user e2e ARGS…` in a `cols`×`rows` pty.
    pub fn open_with(data: &Path, args: &[&str], cols: u16, rows: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--data-dir");
        cmd.arg(data);
        cmd.args(["--user", "e2e"]);
        cmd.args(args);
        cmd.cwd(data);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("CMO_PROMOTE_DATA_DIR");
        cmd.env_remove("NO_COLOR");
        // A config beside the data when a test writes one, else the defaults.
        let config = data.join("config.ron");
        if config.exists() {
            cmd.env("CMO_PROMOTE_CONFIG", config);
        } else {
            cmd.env("CMO_PROMOTE_CONFIG", super::cli::DEFAULTS_CONFIG);
        }
        // The user's editor: the script beside the data when a test writes one.
        cmd.env_remove("VISUAL");
        cmd.env("EDITOR", data.join("editor.sh"));
        let child = pair.slave.spawn_command(cmd).expect("spawn cmo-promote");
        // Only the child may hold the slave end, so reads see the end when it exits.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let eof = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let writer: SharedWriter = Arc::new(Mutex::new(Box::new(dup_master(&*pair.master))));
        let reader = dup_master(&*pair.master);
        let reader = {
            let (parser, raw, eof, writer, stop) = (
                parser.clone(),
                raw.clone(),
                eof.clone(),
                writer.clone(),
                stop.clone(),
            );
            thread::spawn(move || drain(reader, &parser, &raw, &writer, &eof, &stop))
        };
        Tui {
            parser,
            raw,
            eof,
            stop,
            reader: Some(reader),
            exit: None,
            writer,
            master: Some(pair.master),
            child,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn raw_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    pub fn raw_since(&self, from: usize) -> Vec<u8> {
        self.raw.lock().unwrap()[from..].to_vec()
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    /// A line saying whether the child is still running, for failure messages.
    pub fn child_state(&mut self) -> String {
        match self.child.try_wait() {
            Ok(Some(status)) => {
                self.exit = Some(status.clone());
                format!("the child exited: {status:?}")
            }
            Ok(None) => "the child is still running".into(),
            Err(e) => format!("cannot tell whether the child runs: {e}"),
        }
    }

    /// Polls the screen until `cond` holds; panics with the whole screen on time-out.
    pub fn wait_until(&mut self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if cond(&screen) {
                return screen;
            }
            if start.elapsed() > TIMEOUT {
                let state = self.child_state();
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what} ({state}); the screen:\n{}\n{}\n{}",
                    "-".repeat(40),
                    screen,
                    "-".repeat(40)
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until the screen shows `needle`.
    pub fn wait_for(&mut self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?}"), |s| s.contains(needle))
    }

    /// Sends bytes as one keystroke, then pauses.
    pub fn key(&mut self, bytes: &str) {
        {
            let mut w = self.writer.lock().unwrap();
            w.write_all(bytes.as_bytes()).expect("write to the pty");
            w.flush().expect("flush the pty");
        }
        thread::sleep(KEY_PAUSE);
    }

    /// Types text one character at a time.
    pub fn type_text(&mut self, text: &str) {
        let mut buf = [0u8; 4];
        for c in text.chars() {
            self.key(c.encode_utf8(&mut buf));
        }
    }

    /// Resizes the emulated screen and the pty (which signals the child).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
        self.master()
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Waits for the child to exit (panics after `timeout`), then for the rest of its
    /// output to be read.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > timeout {
                panic!(
                    "the child did not exit within {timeout:?}; the screen:\n{}",
                    self.screen()
                );
            }
            thread::sleep(POLL);
        };
        self.exit = Some(status.clone());
        let start = Instant::now();
        while !self.eof.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(5) {
            thread::sleep(POLL);
        }
        assert!(
            self.eof.load(Ordering::SeqCst),
            "the pty output did not end after the child exited"
        );
        status
    }

    /// Presses `q` and expects a clean exit.
    pub fn quit(&mut self) {
        self.key("q");
        let status = self.wait_exit(TIMEOUT);
        assert!(
            status.success(),
            "cmo-promote exited with {status:?}; the screen:\n{}",
            self.screen()
        );
    }

    fn master(&self) -> &dyn MasterPty {
        self.master
            .as_deref()
            .expect("the terminal is open (close_terminal was not called)")
    }

    /// Closes the terminal as a terminal emulator does when its window is closed: every
    /// handle on the pty's master side goes, so the kernel hangs up the program's side
    /// (SIGHUP, and reads and writes fail from then on).
    pub fn close_terminal(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader thread ends");
        }
        *self.writer.lock().unwrap() = Box::new(std::io::sink());
        self.master = None;
    }

    /// Whether the program has exited (its status is kept).
    pub fn exited(&mut self) -> Option<ExitStatus> {
        if let Ok(Some(status)) = self.child.try_wait() {
            self.exit = Some(status);
        }
        self.exit.clone()
    }

    /// Whether the terminal is in canonical (cooked) mode, as the pty's termios says.
    pub fn canonical_mode(&self) -> bool {
        let termios = self.master().get_termios().expect("the pty's termios");
        format!("{:?}", termios.local_flags)
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|flag| flag == "ICANON")
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.exit.is_none() && !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A fresh data folder with one session titled "E2E".
pub fn data_with_session() -> TempDir {
    let data = tempfile::tempdir().expect("temp dir");
    create_session(data.path(), "E2E");
    data
}

/// Opens the TUI on a session and waits for its first frame.
pub fn open_tui(data: &Path) -> Tui {
    let mut tui = Tui::open(data, 100, 30);
    tui.wait_for("Checklist");
    tui
}

/// From the checklist: adds WP-001 (Forms / Incident report) with Ctrl-S.
pub fn add_change(tui: &mut Tui) {
    tui.key(TAB); // focus the Work plan
    tui.key("a");
    tui.wait_for("new change");
    tui.type_text("Forms");
    tui.key(TAB);
    tui.type_text("Incident report");
    tui.key(TAB); // Action (a choice)
    tui.key(TAB); // Navigation
    tui.type_text("Admin > Forms");
    tui.key(CTRL_S);
    tui.wait_for("WP-001");
}
