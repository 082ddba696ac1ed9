fn main() {
    for c in gigawatt_model::checks::run_checks() {
        println!("{:>2} {:<60} {:>10.3} {} [{:.2}, {:.2}] {}", c.id, c.metric, c.value, c.unit, c.low, c.high, if c.passed() { "PASS" } else { "FAIL" });
    }
}
#[allow(dead_code)]
fn dbg() {}
