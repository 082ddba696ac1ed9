fn main() {
    let s = gigawatt_model::Scenario::default();
    let mut acc = 0.0;
    for _ in 0..200 {
        acc += gigawatt_model::simulate(&s).series.cash_usd_b[100];
    }
    println!("{acc}");
}
