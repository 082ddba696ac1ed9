//! Fuzzing the link decoder: arbitrary bytes and strings, and mutations of real links (as text and as the
//! records inside), must never panic and must always give valid scenarios that simulate to finite outputs.
//!
//! The default run tries about 20,000 inputs. The long run tries over 1,000,000 and prints the count and time:
//! `cargo test --release -p gigawatt-model --test link_fuzz -- --ignored --nocapture`

mod link_support;

use base64::Engine as _;
use gigawatt_model::link::{decode, encode, LINK_VERSION};
use gigawatt_model::{Scenario, ECONOMICS_VERSION};
use link_support::{corpus, link_state, simulates_finitely};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::time::Instant;

const B64: &base64::engine::GeneralPurpose = &base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Checks one input; simulates each distinct decoded scenario, up to `simulate_budget` of them.
struct Checker {
    inputs: Cell<usize>,
    simulated: RefCell<HashSet<String>>,
    simulate_budget: usize,
}

impl Checker {
    fn check(&self, input: &str) -> Result<(), TestCaseError> {
        self.inputs.set(self.inputs.get() + 1);
        let decoded = decode(input);
        let scenarios =
            std::iter::once(&decoded.state.scenario).chain(decoded.state.pinned.as_ref());
        for s in scenarios {
            prop_assert!(
                s.validate().is_empty(),
                "{:?} decodes to an invalid scenario: {:?}",
                input,
                s.validate()
            );
            let key = encode(&gigawatt_model::LinkState {
                scenario: s.clone(),
                pinned: None,
                view: Default::default(),
            });
            let mut seen = self.simulated.borrow_mut();
            if seen.len() < self.simulate_budget && seen.insert(key) {
                prop_assert!(
                    simulates_finitely(s),
                    "{:?} decodes to a scenario with non-finite outputs",
                    input
                );
            }
        }
        prop_assert!(
            decoded.notices.len() <= 1
                && (1..=ECONOMICS_VERSION).contains(&decoded.economics_version),
            "{:?}: {:?}",
            input,
            decoded.notices
        );
        // A decoded state re-encodes to a link (version 2) that decodes cleanly to itself.
        let again = decode(&encode(&decoded.state));
        prop_assert!(
            again.warnings.is_empty() && again.notices.is_empty(),
            "{:?}: {:?} {:?}",
            input,
            again.warnings,
            again.notices
        );
        prop_assert_eq!(&again.state, &decoded.state);
        Ok(())
    }
}

/// Real links, each with its version: the corpora (versions 1 and 2) and random valid states (as `encode`
/// writes them).
fn real_links() -> Vec<(u32, String)> {
    let mut links: Vec<(u32, String)> = Vec::new();
    for version in [1, 2] {
        links.extend(corpus(version).into_iter().map(|(_, link)| (version, link)));
    }
    let mut runner = TestRunner::deterministic();
    let strategy = link_state();
    for _ in 0..150 {
        let link = encode(&strategy.new_tree(&mut runner).unwrap().current());
        links.push((LINK_VERSION, link));
    }
    links
}

/// The record bytes inside a link's `s=` (inflated when needed).
fn records_of(link: &str) -> Option<Vec<u8>> {
    let s = link.split("s=").nth(1)?.split('&').next()?;
    let bytes = B64.decode(s).ok()?;
    match bytes.split_first()? {
        (0, rest) => Some(rest.to_vec()),
        (1, rest) => miniz_oxide::inflate::decompress_to_vec(rest).ok(),
        _ => None,
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, v)| Mutation::Insert(i, v)),
        (any::<usize>(), 1usize..20).prop_map(|(i, n)| Mutation::Delete(i, n)),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match m {
        Mutation::Truncate(i) => bytes.truncate(i % len),
        Mutation::Flip(i, b) if !bytes.is_empty() => bytes[i % len] ^= b | 1,
        Mutation::Insert(i, v) => {
            let at = i % (bytes.len() + 1);
            bytes.splice(at..at, v.iter().copied());
        }
        Mutation::Delete(i, n) if !bytes.is_empty() => {
            let at = i % len;
            bytes.drain(at..(at + n).min(bytes.len()));
        }
        _ => {}
    }
}

/// Runs every kind of input, `cases` of each; returns the number of inputs checked.
fn fuzz(cases: u32, simulate_budget: usize) -> usize {
    let checker = Checker {
        inputs: Cell::new(0),
        simulated: RefCell::new(HashSet::new()),
        simulate_budget,
    };
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let links = real_links();
    // Each link's records, with its version (they are read against that version's frozen defaults).
    let records: Vec<(u32, Vec<u8>)> = links
        .iter()
        .filter_map(|(version, l)| Some((*version, records_of(l)?)))
        .filter(|(_, r)| !r.is_empty())
        .collect();
    let run = |name: &str, f: &dyn Fn(&mut TestRunner) -> Result<(), String>| {
        let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
        let mut runner = TestRunner::new_with_rng(config.clone(), rng);
        if let Err(e) = f(&mut runner) {
            panic!("{name}: {e}");
        }
    };
    // 1. Arbitrary bytes as the payload: raw, with a raw or deflated header, and deflated record soup.
    run("bytes", &|r| {
        r.run(
            &(0u8..4, prop::collection::vec(any::<u8>(), 0..400), 1u32..=2),
            |(header, bytes, version)| {
                let payload = match header {
                    0 => bytes,
                    1 => [&[0u8][..], &bytes].concat(),
                    2 => [
                        &[1u8][..],
                        &miniz_oxide::deflate::compress_to_vec(&bytes, 6),
                    ]
                    .concat(),
                    _ => [&[1u8][..], &bytes].concat(),
                };
                checker.check(&format!("v={version}&s={}", B64.encode(payload)))
            },
        )
        .map_err(|e| e.to_string())
    });
    // 2. Arbitrary strings, and strings over the link alphabet.
    run("strings", &|r| {
        let strings = prop_oneof![
            any::<String>(),
            "[A-Za-z0-9_=&?#%./:+ -]{0,300}",
            "v=[0-9]{1,3}&s=[A-Za-z0-9_-]{0,300}(&[a-z]{1,6}=[^&]{0,20}){0,3}"
        ];
        r.run(&strings, |s| checker.check(&s))
            .map_err(|e| e.to_string())
    });
    // 3. Real links mutated as text.
    run("link mutations", &|r| {
        r.run(
            &(0..links.len(), prop::collection::vec(mutation(), 1..4)),
            |(i, ms)| {
                let mut bytes = links[i].1.clone().into_bytes();
                for m in &ms {
                    mutate(&mut bytes, m);
                }
                checker.check(&String::from_utf8_lossy(&bytes))
            },
        )
        .map_err(|e| e.to_string())
    });
    // 4. Real links' records mutated, re-wrapped raw and deflated, so damage reaches the record reader.
    run("record mutations", &|r| {
        r.run(
            &(
                0..records.len(),
                prop::collection::vec(mutation(), 1..4),
                any::<bool>(),
            ),
            |(i, ms, deflate)| {
                let (version, mut bytes) = records[i].clone();
                for m in &ms {
                    mutate(&mut bytes, m);
                }
                let payload = if deflate {
                    [
                        &[1u8][..],
                        &miniz_oxide::deflate::compress_to_vec(&bytes, 6),
                    ]
                    .concat()
                } else {
                    [&[0u8][..], &bytes].concat()
                };
                checker.check(&format!("v={version}&s={}", B64.encode(payload)))
            },
        )
        .map_err(|e| e.to_string())
    });
    let n = checker.inputs.get();
    println!(
        "{} distinct decoded scenarios simulated",
        checker.simulated.borrow().len()
    );
    n
}

#[test]
fn decoder_survives_20_000_hostile_inputs() {
    let n = fuzz(5_000, 300);
    assert!(n >= 20_000, "{n}");
}

#[test]
#[ignore = "long: about a million inputs; run with --release"]
fn decoder_survives_a_million_hostile_inputs() {
    let start = Instant::now();
    let n = fuzz(255_000, 20_000);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "link fuzz: {n} inputs in {secs:.1} s ({:.1} µs per input)",
        secs * 1e6 / n as f64
    );
    assert!(n >= 1_000_000, "{n}");
}

#[test]
fn the_default_scenario_is_what_garbage_gives() {
    for version in [1, 2, 3] {
        let d = decode(&format!("v={version}&s=%%%garbage!!"));
        assert_eq!(d.state.scenario, Scenario::default(), "v={version}");
    }
    // An empty payload is the version's untouched "As reported", as if `s=` were absent.
    for version in [1, 2] {
        let empty = decode(&format!("v={version}&s="));
        assert_eq!(empty.state, decode(&format!("v={version}")).state);
        assert_eq!(empty.warnings, Vec::<String>::new());
    }
}
