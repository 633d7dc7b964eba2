//! Peak resident memory, from `/proc/self/status` (Linux). `VmHWM` is the process's high-water
//! mark; writing `5` to `/proc/self/clear_refs` resets it, so a benchmark sweep can measure each
//! run on its own. Where that is not possible, the peak is process-wide (the largest run so far).

/// Resets the peak; true if the kernel allowed it.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peak resident set size in bytes, if the platform reports it.
pub fn peak_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    #[test]
    fn peak_is_reported_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(super::peak_bytes().is_some_and(|b| b > 0));
        }
    }
}
