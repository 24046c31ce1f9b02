//! Running the `skalint` binary as a user does, measured as a whole process: wall time, peak
//! memory (max RSS, from `wait4`) and how much it printed.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Run {
    pub elapsed: Duration,
    /// Max RSS of the process, in KiB.
    pub peak_kib: i64,
    pub code: i32,
    /// Bytes written to standard output.
    #[allow(dead_code)] // each bench reads what it reports
    pub printed: u64,
}

/// Runs the binary to completion, counting (and dropping) what it prints.
// The child is reaped by wait4 below, which std's wait cannot do while also giving the
// child's resource usage.
#[allow(clippy::zombie_processes)]
pub fn run(args: &[&str]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_skalint"))
        .args(args)
        .env_remove("CI")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start skalint");
    let mut out = child.stdout.take().expect("piped stdout");
    let counter = std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n as u64;
        }
        total
    });
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for the C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own, not yet waited-for child; both pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(pid as u32, child.id(), "wait4 failed");
    assert!(libc::WIFEXITED(status), "skalint was killed: {status}");
    Run {
        elapsed,
        peak_kib: usage.ru_maxrss,
        code: libc::WEXITSTATUS(status),
        printed: counter.join().expect("the counting thread"),
    }
}
