//! The `cmo-promote` binary: everything lives in the library; see `cli::main`.

fn main() -> std::process::ExitCode {
    cmo_promote::heap::tune();
    cmo_promote::cli::main()
}
