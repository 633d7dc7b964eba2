//! A small hand-written SVG plot of a benchmark report: proven ops/s and trace cells per op
//! against batch size (log scale), side by side; in the VM's unit (the arena's unit-ticks).

use std::fmt::Write;

use super::bench::BenchReport;
use super::rate;

const PANEL_W: f64 = 380.0;
const PANEL_H: f64 = 280.0;
const MARGIN_L: f64 = 64.0;
const MARGIN_R: f64 = 30.0;
const MARGIN_T: f64 = 52.0;
const MARGIN_B: f64 = 44.0;

/// The plot as an SVG document.
pub fn plot(report: &BenchReport) -> String {
    let ops: Vec<f64> = report.runs.iter().map(|r| r.work as f64).collect();
    let throughput: Vec<f64> = report.runs.iter().map(|r| r.work_per_s).collect();
    let cells: Vec<f64> = report.runs.iter().map(|r| r.cells_per_unit).collect();
    let params = report.runs.first().map_or("?", |r| r.params.as_str());
    let (unit, units) = report.runs.first().map_or(("op".into(), "ops".into()), |r| (r.unit.clone(), r.units()));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<text x="{cx}" y="16" text-anchor="middle" font-size="13">{vm} ({params} parameters, {cpus} CPUs): batch size sweep</text>
"#,
        w = 2.0 * PANEL_W,
        h = PANEL_H + 10.0,
        cx = PANEL_W,
        vm = escape(&report.vm),
        cpus = report.host.cpus,
    );
    let per_batch = format!("{units} per batch");
    let title = format!("{units}/s proven (trace + check + prove)");
    panel(&mut svg, 0.0, &title, &per_batch, &ops, &throughput, "#1f77b4");
    let title = format!("trace cells per {unit} (main + aux)");
    panel(&mut svg, PANEL_W, &title, &per_batch, &ops, &cells, "#d62728");
    svg.push_str("</svg>\n");
    svg
}

/// One panel at horizontal offset `x0`: `ys` against `xs` on a log2 axis labelled `x_label`.
fn panel(svg: &mut String, x0: f64, title: &str, x_label: &str, xs: &[f64], ys: &[f64], color: &str) {
    let (left, right) = (x0 + MARGIN_L, x0 + PANEL_W - MARGIN_R);
    let (top, bottom) = (MARGIN_T, PANEL_H - MARGIN_B + 10.0);
    let lx: Vec<f64> = xs.iter().map(|x| x.max(1.0).log2()).collect();
    let (xmin, xmax) = lx.iter().fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let span = if xmax > xmin { xmax - xmin } else { 1.0 };
    let ymax = ys.iter().copied().fold(0.0, f64::max).max(1e-9) * 1.1;
    let px = |x: f64| {
        if xmax > xmin {
            left + (x - xmin) / span * (right - left)
        } else {
            (left + right) / 2.0
        }
    };
    let py = |y: f64| bottom - y / ymax * (bottom - top);

    let _ =
        writeln!(svg, r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#, (left + right) / 2.0, top - 8.0, title);
    let _ = writeln!(svg, r##"<path d="M{left} {top} V{bottom} H{right}" fill="none" stroke="#444"/>"##);
    for i in 0..=4 {
        let y = ymax * f64::from(i) / 4.0;
        let _ = writeln!(
            svg,
            r##"<line x1="{left}" x2="{right}" y1="{py}" y2="{py}" stroke="#ddd"/><text x="{tx}" y="{ty}" text-anchor="end">{label}</text>"##,
            py = py(y),
            tx = left - 4.0,
            ty = py(y) + 4.0,
            label = rate(y),
        );
    }
    for (&x, &raw) in lx.iter().zip(xs) {
        let _ = writeln!(svg, r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#, px(x), bottom + 14.0, raw);
    }
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
        (left + right) / 2.0,
        bottom + 30.0,
        escape(x_label)
    );
    let points: Vec<String> = lx.iter().zip(ys).map(|(&x, &y)| format!("{:.1},{:.1}", px(x), py(y))).collect();
    let _ = writeln!(svg, r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"#, points.join(" "));
    for p in &points {
        let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
        let _ = writeln!(svg, r#"<circle cx="{x}" cy="{y}" r="3" fill="{color}"/>"#);
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
