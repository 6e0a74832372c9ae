// ANCHOR: there
fn f() {}
// ANCHOR_END: there
