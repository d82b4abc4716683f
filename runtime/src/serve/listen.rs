//! The listening socket: inherited through systemd socket activation, or bound here.
//!
//! With `LISTEN_FDS=1` in the environment (systemd's protocol; `LISTEN_PID` is checked
//! when set) the app serves on the socket at fd 3 instead of binding `HOST`:`PORT`. Both
//! systemd units and `bffkit dev` use it: the socket outlives the process, so a restart
//! never refuses a connection.

use tokio::net::TcpListener;

use crate::config::ServerConfig;

/// The inherited socket when there is one, else a fresh bind of `HOST`:`PORT`.
pub(crate) async fn listener(server: &ServerConfig) -> std::io::Result<TcpListener> {
    if let Some(inherited) = listenfd::ListenFd::from_env().take_tcp_listener(0)? {
        inherited.set_nonblocking(true)?;
        return TcpListener::from_std(inherited);
    }
    TcpListener::bind((server.host.as_str(), server.port)).await
}
