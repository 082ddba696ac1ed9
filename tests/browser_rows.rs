//! The deal tables' one row editor in the browser: editing one row re-renders that row and no other
//! (debug builds count each row's renders in `data-renders`).

mod common;

use common::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn renders(m: &Mounted, row: &str) -> u32 {
    m.get(row)
        .get_attribute("data-renders")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{row} counts its renders in debug builds"))
}

#[wasm_bindgen_test]
async fn editing_one_row_re_renders_that_row_only() {
    let m = Mounted::new(1200);
    ready(&m).await;
    m.click("tab-deals");
    wait_for("contract rows", 3_000, || m.find("deal-row-2")).await;
    settle().await;
    let rows = [
        "deal-row-0",
        "deal-row-1",
        "deal-row-2",
        "funding-row-0",
        "funding-row-1",
    ];
    let before: Vec<u32> = rows.iter().map(|r| renders(&m, r)).collect();

    // A value no contract of the default scenario has, so the edit changes the row.
    type_into(&m.get("deal-1-value"), "987.5");
    wait_for("the edited row to re-render", 5_000, || {
        (renders(&m, "deal-row-1") > before[1]).then_some(())
    })
    .await;
    settle().await;

    let after: Vec<u32> = rows.iter().map(|r| renders(&m, r)).collect();
    for (i, row) in rows.iter().enumerate() {
        if *row != "deal-row-1" {
            assert_eq!(
                after[i], before[i],
                "{row} re-rendered although only deal-row-1 changed"
            );
        }
    }
}
