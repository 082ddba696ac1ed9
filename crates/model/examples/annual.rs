use gigawatt_model::*;
fn main() {
    let preset = std::env::args().nth(1).and_then(|s| PresetId::from_slug(&s)).unwrap_or(PresetId::AsReported);
    let run = simulate(&Scenario::preset(preset));
    let flows = ["revenue_usd_b","revenue_subscriptions_usd_b","revenue_business_usd_b","revenue_api_usd_b","revenue_ads_usd_b","revenue_other_usd_b","compute_cost_usd_b","inference_cost_usd_b","cost_of_revenue_usd_b","operating_income_usd_b","burn_usd_b","equity_raised_usd_b","sbc_usd_b"];
    let stocks = ["it_gw","h100e","inference_demand_h100e","training_h100e","idle_h100e","demand_coverage","procured_gw","cash_usd_b","cash_committed_only_usd_b","funding_gap_usd_b","runway_months","debt_usd_b","obligations_binding_usd_b","obligations_announced_usd_b","valuation_usd_b","ownership_foundation","ownership_employees","ownership_other_investors","gross_margin","cost_per_mtok_usd"];
    print!("{:<32}", "year"); for y in 2025..=2039 { print!("{:>9}", y); } println!();
    for f in flows { print!("{:<32}", f); for y in 2025..=2039 { print!("{:>9.2}", run.annual_sum(f, y)); } println!(); }
    for f in stocks { print!("{:<32}", f); for y in 2025..=2039 { let v = run.year_end(f, y); if v.abs() > 1e5 { print!("{:>9.2e}", v) } else { print!("{:>9.3}", v) } } println!(); }
}
