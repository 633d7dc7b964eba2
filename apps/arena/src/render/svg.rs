//! SVG: the field once, then a group per frame. The field is drawn in tiles (one user unit per
//! tile, scaled to pixels by a transform) and the standings band above it in pixels.
//!
//! With several frames, each group is shown in turn by a discrete SMIL `<animate>` of its
//! `visibility`, looping: browsers play it without script. Every group but the last is hidden by
//! default, so a viewer that does not animate shows the end of the match.

use std::fmt::{self, Display, Write};

use super::scene::{Frame, Look, Scene};
use super::style::*;

/// Fonts for the standings, the first one installed wins.
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
/// Standings text size, in pixels.
const FONT_SIZE: u32 = 13;
/// Height of a row of standings, in pixels.
const ROW: u32 = 22;
/// Margin around the standings, in pixels.
const PAD: u32 = 6;
/// Width a standings cell needs (`12/12 alive · 12 kills` at [`FONT_SIZE`]), in pixels.
const CELL: u32 = 170;
/// Seconds the last frame stays before the animation starts over.
const HOLD_SECONDS: f64 = 2.0;

/// The SVG of the scene's frames; with `text`, the standings band above the field.
pub(super) fn document(scene: &Scene, scale: u32, text: bool) -> String {
    let mut out = String::new();
    write_document(&mut out, scene, &Layout::new(scene, scale, text)).expect("writing to a String cannot fail");
    out
}

/// Sizes of the picture, in pixels.
struct Layout {
    /// Pixels per tile.
    scale: u32,
    width: u32,
    height: u32,
    /// Height of the standings band (0 without text).
    band: u32,
    /// Standings cells per row.
    columns: u32,
}

impl Layout {
    fn new(scene: &Scene, scale: u32, text: bool) -> Layout {
        let width = scene.width * scale;
        // The tick's cell, then one per team.
        let cells = 1 + scene.roster.len() as u32;
        let columns = (width / CELL).clamp(1, cells);
        let band = if text { cells.div_ceil(columns) * ROW + PAD } else { 0 };
        Layout { scale, width, height: band + scene.height * scale, band, columns }
    }

    /// The transform from tiles to pixels.
    fn field(&self) -> String {
        format!("translate(0 {}) scale({})", self.band, self.scale)
    }
}

fn write_document(out: &mut String, scene: &Scene, layout: &Layout) -> fmt::Result {
    let Layout { width, height, band, .. } = *layout;
    write!(out, r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" "#)?;
    writeln!(out, r#"viewBox="0 0 {width} {height}" font-family="{FONT}">"#)?;
    if band > 0 {
        write!(out, r#"<rect width="{width}" height="{band}" fill="{HUD_BACKGROUND}"/>"#)?;
    }
    writeln!(out, r#"<g transform="{}">"#, layout.field())?;
    write_field(out, scene)?;
    writeln!(out, "</g>")?;
    let timing = Timing::new(&scene.frames);
    for (i, frame) in scene.frames.iter().enumerate() {
        let hidden = if i + 1 < scene.frames.len() { r#" visibility="hidden""# } else { "" };
        write!(out, r#"<g class="frame" data-tick="{}"{hidden}>"#, frame.tick)?;
        if scene.frames.len() > 1 {
            timing.write_animate(out, i)?;
        }
        write!(out, r#"<g transform="{}">"#, layout.field())?;
        write_frame(out, frame)?;
        write!(out, "</g>")?;
        if band > 0 {
            write_standings(out, layout, scene, frame)?;
        }
        writeln!(out, "</g>")?;
    }
    writeln!(out, "</svg>")
}

/// Floor, obstacles and walls, in tiles.
fn write_field(out: &mut String, scene: &Scene) -> fmt::Result {
    let (w, h) = (scene.width, scene.height);
    write!(out, r#"<rect width="{w}" height="{h}" fill="{FLOOR}"/><path fill="{FLOOR_ALT}" d=""#)?;
    for j in 1..h - 1 {
        for i in (1..w - 1).filter(|i| (i + j) % 2 == 1) {
            write!(out, "M{i} {j}h1v1h-1z")?;
        }
    }
    writeln!(out, r#""/>"#)?;
    for o in &scene.obstacles {
        writeln!(out, r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{OBSTACLE}"/>"#, o.x, o.y, o.w, o.h)?;
    }
    // The outer ring: the field less its inside.
    writeln!(out, r#"<path fill="{WALL}" fill-rule="evenodd" d="M0 0H{w}V{h}H0zM1 1V{}H{}V1z"/>"#, h - 1, w - 1)
}

/// One frame's units, shots and deaths, in tiles: faint old deaths at the bottom, then shots,
/// fresh deaths, units, and health bars on top so that a crowd never hides one.
fn write_frame(out: &mut String, frame: &Frame) -> fmt::Result {
    write_crosses(out, frame, Look::Dead, OLD_DEATH_OPACITY)?;
    if !frame.shots.is_empty() {
        write!(out, r#"<g stroke-width="{}" stroke-linecap="round" stroke-opacity="0.9">"#, N(SHOT_WIDTH))?;
        for s in &frame.shots {
            let (x1, y1, x2, y2) = (N(s.from.0), N(s.from.1), N(s.to.0), N(s.to.1));
            write!(out, r#"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{}"/>"#, team_colour(s.team))?;
        }
        writeln!(out, "</g>")?;
    }
    write_crosses(out, frame, Look::Killed, 1.0)?;
    let alive = || frame.units.iter().enumerate().filter(|(_, u)| u.look == Look::Alive);
    write!(out, r#"<g stroke="{INK}" stroke-opacity="0.6" stroke-width="{}">"#, N(OUTLINE_WIDTH))?;
    for (id, u) in alive() {
        let (x, y, r, fill) = (N(u.x), N(u.y), N(UNIT_RADIUS), team_colour(u.team));
        write!(out, r#"<circle class="unit" id="t{}u{id}" cx="{x}" cy="{y}" r="{r}" fill="{fill}"/>"#, frame.tick)?;
    }
    writeln!(out, "</g>")?;
    for (_, u) in alive() {
        let (x, y, h) = (N(u.x - BAR_WIDTH / 2.0), N(u.y - BAR_RISE), N(BAR_HEIGHT));
        let (full, left, colour) = (N(BAR_WIDTH), N(BAR_WIDTH * u.health), team_colour(u.team));
        write!(out, r#"<rect x="{x}" y="{y}" width="{full}" height="{h}" fill="{INK}" fill-opacity="0.55"/>"#)?;
        write!(out, r#"<rect x="{x}" y="{y}" width="{left}" height="{h}" fill="{colour}"/>"#)?;
    }
    writeln!(out)
}

/// A cross on every unit that looks `look`, as one path.
fn write_crosses(out: &mut String, frame: &Frame, look: Look, opacity: f32) -> fmt::Result {
    let mut d = String::new();
    for u in frame.units.iter().filter(|u| u.look == look) {
        let (l, t, r, b) = (N(u.x - CROSS), N(u.y - CROSS), N(u.x + CROSS), N(u.y + CROSS));
        write!(d, "M{l} {t}L{r} {b}M{r} {t}L{l} {b}")?;
    }
    if d.is_empty() {
        return Ok(());
    }
    let (width, opacity) = (N(CROSS_WIDTH), N(opacity));
    write!(out, r#"<path d="{d}" fill="none" stroke="{DEATH}" stroke-width="{width}" stroke-opacity="{opacity}" "#)?;
    writeln!(out, r#"stroke-linecap="round"/>"#)
}

/// The band above the field, in pixels: the tick (and the result, once over), then each team's
/// live units out of its starting ones and its kills.
fn write_standings(out: &mut String, layout: &Layout, scene: &Scene, frame: &Frame) -> fmt::Result {
    let cell = layout.width / layout.columns;
    let at = |c: u32| ((c % layout.columns) * cell + PAD, PAD + (c / layout.columns) * ROW + ROW / 2);
    let text = r#"dominant-baseline="central" style="font-variant-numeric:tabular-nums""#;
    write!(out, r#"<g font-size="{FONT_SIZE}" fill="{HUD_TEXT}">"#)?;
    let result = match frame.outcome {
        Some(o) => o.winner.map_or(" · draw".to_string(), |team| format!(" · team {team} wins")),
        None => String::new(),
    };
    let (x, y) = at(0);
    write!(out, r#"<text x="{x}" y="{y}" font-weight="600" {text}>tick {}{result}</text>"#, frame.tick)?;
    for (team, (standing, start)) in (0..).zip(frame.teams.iter().zip(&scene.roster)) {
        let (x, y) = at(team + 1);
        write!(out, r#"<circle cx="{}" cy="{y}" r="5" fill="{}"/>"#, x + 5, team_colour(team))?;
        let (alive, kills) = (standing.alive, standing.kills);
        write!(out, r#"<text x="{}" y="{y}" {text}>{alive}/{start} alive · {kills} kills</text>"#, x + 16)?;
    }
    write!(out, "</g>")
}

/// When each frame shows in the animation: at its tick's time (so uneven gaps play at the same
/// pace), the last one for [`HOLD_SECONDS`].
struct Timing {
    /// Seconds from the start to each frame.
    starts: Vec<f64>,
    /// Seconds of one loop.
    total: f64,
}

impl Timing {
    fn new(frames: &[Frame]) -> Timing {
        let first = frames.first().map_or(0, |f| f.tick);
        let starts: Vec<f64> = frames.iter().map(|f| f64::from(f.tick - first) / f64::from(TICKS_PER_SECOND)).collect();
        let total = starts.last().copied().unwrap_or(0.0) + HOLD_SECONDS;
        Timing { starts, total }
    }

    /// Frame `i` is visible from its start to the next frame's.
    fn write_animate(&self, out: &mut String, i: usize) -> fmt::Result {
        let mut keys = Vec::new();
        if i > 0 {
            keys.push(("hidden", 0.0));
        }
        keys.push(("visible", self.starts[i] / self.total));
        if let Some(next) = self.starts.get(i + 1) {
            keys.push(("hidden", next / self.total));
        }
        let values: Vec<&str> = keys.iter().map(|(v, _)| *v).collect();
        let times: Vec<String> = keys.iter().map(|(_, t)| format!("{t:.7}")).collect();
        write!(out, r#"<animate attributeName="visibility" calcMode="discrete" dur="{:.3}s" "#, self.total)?;
        write!(out, r#"repeatCount="indefinite" values="{}" keyTimes="{}"/>"#, values.join(";"), times.join(";"))
    }
}

/// A length in tiles, written with at most 3 decimals (a thousandth of a tile is below a pixel
/// at any scale).
struct N(f32);

impl Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{:.3}", self.0);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        f.write_str(if text == "-0" { "0" } else { text })
    }
}

#[cfg(test)]
mod tests {
    use resvg::usvg;

    use crate::render::{self, fixture, RenderOptions};

    fn parse(svg: &str) -> usvg::Tree {
        usvg::Tree::from_str(svg, &usvg::Options::default()).expect("the SVG is well-formed and loads")
    }

    #[test]
    fn a_frame_draws_one_disc_per_live_unit() {
        let (scenario, states) = fixture::skirmish();
        for tick in 0..states.len() as u32 {
            let svg = render::svg(&scenario, &states, RenderOptions { tick: Some(tick), ..Default::default() })
                .expect("renders");
            let tree = parse(&svg);
            let live: Vec<usize> = (0..4).filter(|&id| states[tick as usize].units[id].alive()).collect();
            assert_eq!(svg.matches(r#"class="unit""#).count(), live.len(), "tick {tick}");
            for id in 0..4 {
                let drawn = tree.node_by_id(&format!("t{tick}u{id}")).is_some();
                assert_eq!(drawn, live.contains(&id), "tick {tick}, unit {id}");
            }
            assert!(svg.contains(&format!(">tick {tick}<")), "the tick is written");
        }
    }

    #[test]
    fn a_frame_writes_the_standings_and_the_result() {
        let (scenario, mut states) = fixture::skirmish();
        let svg = render::svg(&scenario, &states, RenderOptions::default()).expect("renders");
        assert!(svg.contains(">1/2 alive · 0 kills<") && svg.contains(">2/2 alive · 1 kills<"), "{svg}");
        states[2].over = true;
        states[2].teams[0].alive = 0;
        let svg = render::svg(&scenario, &states, RenderOptions::default()).expect("renders");
        assert!(svg.contains(">tick 2 · team 1 wins<"), "{svg}");
    }

    #[test]
    fn the_animation_holds_every_shown_frame_and_flips_between_them() {
        let (scenario, states) = fixture::skirmish();
        let svg = render::animated_svg(&scenario, &states, RenderOptions::default()).expect("renders");
        parse(&svg);
        assert_eq!(svg.matches(r#"class="frame""#).count(), 3);
        for tick in 0..3 {
            assert!(svg.contains(&format!(r#"data-tick="{tick}""#)), "frame {tick}");
        }
        assert_eq!(svg.matches("<animate ").count(), 3, "one switch per frame");
        // Only the last frame is visible without animation.
        assert_eq!(svg.matches(r#"class="frame" data-tick="2">"#).count(), 1);
        assert_eq!(svg.matches(r#"visibility="hidden">"#).count(), 2);

        let every_two = RenderOptions { every: 2, ..Default::default() };
        let svg = render::animated_svg(&scenario, &states[..2], every_two).expect("renders");
        let ticks: Vec<&str> = svg.match_indices("data-tick=").map(|(at, _)| &svg[at + 11..at + 12]).collect();
        assert_eq!(ticks, ["0", "1"], "the last state is always shown");
    }

    #[test]
    fn a_lone_frame_does_not_animate() {
        let (scenario, states) = fixture::skirmish();
        let svg = render::animated_svg(&scenario, &states[..1], RenderOptions::default()).expect("renders");
        assert!(!svg.contains("<animate") && !svg.contains("hidden"), "{svg}");
    }

    #[test]
    fn lengths_are_short_decimals() {
        use super::N;
        for (x, text) in [(2.5, "2.5"), (3.0, "3"), (0.1234, "0.123"), (-0.0001, "0"), (-1.25, "-1.25")] {
            assert_eq!(N(x).to_string(), text);
        }
    }
}
