//! Diagnostics (ignored by default, printed with `--nocapture`): what the generators' streams
//! exercise, and their longest chains of rows.

mod vm_support;

#[test]
#[ignore = "diagnostics"]
fn stream_stats() {
    use std::collections::BTreeMap;
    for (name, inputs) in
        [("mixed", appvm_orderbook::workload::mixed(0, 2000)), ("adv", appvm_orderbook::workload::adversarial(0, 2000))]
    {
        let r = vm_support::run(&inputs);
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for e in r.events.iter().flatten() {
            let k = match e {
                appvm_orderbook::types::Event::Rejected { reason } => format!("Rejected {reason:?}"),
                other => format!("{:?}", other.kind()),
            };
            *kinds.entry(k).or_default() += 1;
        }
        let mut ops: BTreeMap<String, usize> = BTreeMap::new();
        for i in &inputs {
            let s = format!("{i:?}");
            *ops.entry(s.split(' ').next().unwrap_or("").to_string()).or_default() += 1;
        }
        println!("{name}: {ops:?}\n  {kinds:?}");
    }
}

#[test]
#[ignore = "diagnostics"]
fn longest_chains() {
    let inputs = appvm_orderbook::workload::adversarial(0, 4000);
    let (events, _) = vm_support::reference(&inputs);
    let mut worst: Vec<(usize, usize, usize)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let trades = e.iter().filter(|e| matches!(e, appvm_orderbook::types::Event::Trade { .. })).count();
            (e.len(), trades, i)
        })
        .collect();
    worst.sort();
    for (n, t, i) in worst.iter().rev().take(5) {
        println!("input {i}: {n} events, {t} trades: {:?}", inputs[*i]);
    }
}
