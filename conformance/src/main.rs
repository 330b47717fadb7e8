//! The `pushwake` command line (work in progress).
fn main() {}
