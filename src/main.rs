//! The `heard` binary: a thin shell over [`heard::cli`].

fn main() -> std::process::ExitCode {
    heard::cli::main()
}
