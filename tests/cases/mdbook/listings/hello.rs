// ANCHOR: all
use std::io;
use std::fmt;

// ANCHOR: main
fn main() {
    println!("hello");
}
// ANCHOR_END: main
// tail
// ANCHOR_END: all
