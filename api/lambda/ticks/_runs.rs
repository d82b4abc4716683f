//! Test aid: which named runs of `/api/ticks` have stopped producing, and after how many
//! ticks. A run stops when its stream is dropped: finished, failed, or its client gone.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;

static STOPPED: Mutex<Option<HashMap<String, u64>>> = Mutex::new(None);
static CHANGED: Notify = Notify::const_new();

/// Lives inside a run's stream; dropping it records the run as stopped.
pub struct Producer {
    run: Option<String>,
    /// Ticks produced so far.
    pub sent: u64,
}

impl Producer {
    pub fn new(run: Option<String>) -> Producer {
        Producer { run, sent: 0 }
    }
}

impl Drop for Producer {
    fn drop(&mut self) {
        if let Some(run) = self.run.take() {
            let mut stopped = STOPPED.lock().unwrap_or_else(|e| e.into_inner());
            stopped.get_or_insert_with(HashMap::new).insert(run, self.sent);
            CHANGED.notify_waiters();
        }
    }
}

/// How many ticks `run` produced once it stops, waiting up to `wait`.
pub async fn stopped(run: &str, wait: Duration) -> Option<u64> {
    let waiting = async {
        loop {
            let changed = CHANGED.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let sent = STOPPED
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
                .and_then(|runs| runs.get(run).copied());
            if let Some(sent) = sent {
                return sent;
            }
            changed.await;
        }
    };
    tokio::time::timeout(wait, waiting).await.ok()
}
