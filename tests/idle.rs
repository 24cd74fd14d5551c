//! An open app that nobody touches must cost next to nothing: it looks at its session
//! file a few times a second at most, however it learns about the file.

mod common;

use cmo_promote::app::{App, AppEvent, Saver};
use cmo_promote::clock::FixedClock;
use cmo_promote::store::{Loaded, Store};
use notify::Watcher;
use notify::event::{AccessKind, EventKind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// Counts every open of the file at `path` (inotify's OPEN) while the returned watcher
/// lives.
fn count_opens(path: &std::path::Path) -> (notify::RecommendedWatcher, Arc<AtomicUsize>) {
    let opens = Arc::new(AtomicUsize::new(0));
    let name = path.file_name().unwrap().to_owned();
    let counter = opens.clone();
    let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        if let Ok(e) = e
            && matches!(e.kind, EventKind::Access(AccessKind::Open(_)))
            && e.paths
                .iter()
                .any(|p| p.file_name() == Some(name.as_os_str()))
        {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    })
    .unwrap();
    watcher
        .watch(path.parent().unwrap(), notify::RecursiveMode::NonRecursive)
        .unwrap();
    (watcher, opens)
}

#[cfg(target_os = "linux")]
#[test]
fn an_idle_app_opens_its_session_file_only_a_few_times_a_second() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(dir.path().to_path_buf());
    let (_, session) = common::new_session("Idle");
    let path = store.create(&session).unwrap();
    let loaded = Loaded::load(&path).unwrap();

    let (_watcher, opens) = count_opens(&path);
    let saver = Saver::spawn(&loaded);
    let mut app = App::new(
        loaded,
        "ann",
        Arc::new(FixedClock::new(common::t0())),
        Some(saver),
    );
    // The event loop's idle turns: a tick every 250 ms for three seconds.
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        app.handle(AppEvent::Tick);
        std::thread::sleep(Duration::from_millis(250));
    }
    let seen = opens.load(Ordering::SeqCst);
    // The fallback poll opens the file twice a second (network folders need the open to
    // see fresh attributes); a watcher that reacted to those opens would open it again
    // thousands of times a second.
    assert!(
        seen <= 12,
        "the session file was opened {seen} times in 3 s of doing nothing"
    );
    assert!(
        seen >= 2,
        "the file is still polled for other writers' saves ({seen} opens in 3 s)"
    );
}
