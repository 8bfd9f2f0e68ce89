//! The `heard` binary: a thin shell over [`heard::cli`].

/// mimalloc in place of the system allocator: sled allocates and frees a node's worth of
/// small buffers on most reads and writes, and glibc's allocator spent a measurable share of
/// the writer's time consolidating them (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    heard::cli::main()
}
