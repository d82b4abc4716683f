//! Shutdown as something connections that outlive HTTP can watch: upgraded connections
//! (WebSockets) leave hyper's graceful draining, so they are told the server is stopping
//! and waited for, up to a deadline.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

static STOPPING: AtomicBool = AtomicBool::new(false);
static STOPPING_CHANGED: Notify = Notify::const_new();
static OPEN_SESSIONS: AtomicUsize = AtomicUsize::new(0);
static SESSION_CLOSED: Notify = Notify::const_new();

/// How long shutdown waits for upgraded connections to close after telling them to.
pub(crate) const SESSION_DRAIN: Duration = Duration::from_secs(5);

/// Resolves once the server has begun shutting down (SIGINT or SIGTERM): the moment to
/// send a WebSocket close frame. `bffkit::ws` sockets do it themselves; a merged axum
/// router's WebSocket handlers can `select!` on this.
pub async fn shutting_down() {
    loop {
        let changed = STOPPING_CHANGED.notified();
        tokio::pin!(changed);
        changed.as_mut().enable();
        if STOPPING.load(Ordering::Acquire) {
            return;
        }
        changed.await;
    }
}

/// Marks the start of shutdown.
pub(crate) fn begin() {
    STOPPING.store(true, Ordering::Release);
    STOPPING_CHANGED.notify_waiters();
}

/// An open upgraded connection, counted until dropped: shutdown waits (up to 5 s) for
/// every one to close. `bffkit::ws` sockets hold one; a merged axum WebSocket handler
/// holds one with `let _session = Session::open();` so its close frame goes out before
/// the process exits.
pub struct Session(());

impl Session {
    /// Counts a connection as open until the value is dropped.
    pub fn open() -> Session {
        OPEN_SESSIONS.fetch_add(1, Ordering::AcqRel);
        Session(())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        OPEN_SESSIONS.fetch_sub(1, Ordering::AcqRel);
        SESSION_CLOSED.notify_waiters();
    }
}

/// Waits until every session has closed, or `deadline` passes.
pub(crate) async fn sessions_closed(deadline: Duration) {
    let all_closed = async {
        loop {
            let closed = SESSION_CLOSED.notified();
            tokio::pin!(closed);
            closed.as_mut().enable();
            if OPEN_SESSIONS.load(Ordering::Acquire) == 0 {
                return;
            }
            closed.await;
        }
    };
    if tokio::time::timeout(deadline, all_closed).await.is_err() {
        tracing::warn!(
            open = OPEN_SESSIONS.load(Ordering::Acquire),
            "shutting down with WebSocket sessions still open"
        );
    }
}
