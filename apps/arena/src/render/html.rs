//! HTML: one self-contained page, `player.html`, with the scene as inline JSON and a small
//! canvas player. The player draws what the SVG draws, with the same colours and sizes (they
//! travel in the JSON), and moves units smoothly between shown ticks.

use serde::Serialize;

use super::scene::{Frame, Look, Scene};
use super::style::*;

/// The page; its one placeholder is where the JSON goes.
const TEMPLATE: &str = include_str!("player.html");
const PLACEHOLDER: &str = "/*REPLAY*/";

/// The player of `scene`, opening at frame `start`, `scale` pixels per tile.
pub(super) fn page(scene: &Scene, scale: u32, start: usize) -> String {
    let data = Data::new(scene, scale, start);
    let json = serde_json::to_string(&data).expect("the scene always serialises");
    // Inside `<script>`, `</` would end the element (the data holds no text, but stay safe).
    TEMPLATE.replace(PLACEHOLDER, &json.replace("</", "<\\/"))
}

/// What the player reads.
#[derive(Serialize)]
struct Data {
    width: u32,
    height: u32,
    scale: u32,
    start: usize,
    ticks_per_second: f32,
    /// `[x, y, w, h]` in tiles.
    obstacles: Vec<[u32; 4]>,
    /// Units each team started with.
    roster: Vec<u32>,
    /// Team of each unit, by id.
    teams: Vec<u32>,
    style: Style,
    frames: Vec<FrameData>,
}

/// [`super::style`], for the player.
#[derive(Serialize)]
struct Style {
    team_colours: Vec<String>,
    floor: String,
    floor_alt: String,
    wall: String,
    obstacle: String,
    death: String,
    ink: String,
    unit_radius: f32,
    outline_width: f32,
    bar_width: f32,
    bar_height: f32,
    bar_rise: f32,
    shot_width: f32,
    cross: f32,
    cross_width: f32,
    old_death_opacity: f32,
}

/// A frame, in short arrays: the player is mostly this.
#[derive(Serialize)]
struct FrameData {
    tick: u32,
    /// Whether the match is over.
    over: bool,
    /// The team that won, once over (`null` for a draw, and while playing).
    winner: Option<u32>,
    /// `[alive, kills]` by team.
    standings: Vec<[u32; 2]>,
    /// `[x, y, health, look]` by unit id; look 0 is alive, 1 killed since the previous frame, 2
    /// dead earlier.
    units: Vec<(f32, f32, f32, u8)>,
    /// `[x1, y1, x2, y2, team]`.
    shots: Vec<(f32, f32, f32, f32, u32)>,
}

impl Data {
    fn new(scene: &Scene, scale: u32, start: usize) -> Data {
        let colour = |c: Rgb| c.to_string();
        Data {
            width: scene.width,
            height: scene.height,
            scale,
            start,
            ticks_per_second: TICKS_PER_SECOND,
            obstacles: scene.obstacles.iter().map(|o| [o.x, o.y, o.w, o.h]).collect(),
            roster: scene.roster.clone(),
            teams: scene.frames.first().map_or(Vec::new(), |f| f.units.iter().map(|u| u.team).collect()),
            style: Style {
                team_colours: TEAM_COLOURS.iter().copied().map(colour).collect(),
                floor: colour(FLOOR),
                floor_alt: colour(FLOOR_ALT),
                wall: colour(WALL),
                obstacle: colour(OBSTACLE),
                death: colour(DEATH),
                ink: colour(INK),
                unit_radius: UNIT_RADIUS,
                outline_width: OUTLINE_WIDTH,
                bar_width: BAR_WIDTH,
                bar_height: BAR_HEIGHT,
                bar_rise: BAR_RISE,
                shot_width: SHOT_WIDTH,
                cross: CROSS,
                cross_width: CROSS_WIDTH,
                old_death_opacity: OLD_DEATH_OPACITY,
            },
            frames: scene.frames.iter().map(FrameData::new).collect(),
        }
    }
}

impl FrameData {
    fn new(frame: &Frame) -> FrameData {
        // A thousandth of a tile is below a pixel: shorter numbers, smaller page.
        let r = |x: f32| (x * 1000.0).round() / 1000.0;
        let look = |l: Look| match l {
            Look::Alive => 0,
            Look::Killed => 1,
            Look::Dead => 2,
        };
        FrameData {
            tick: frame.tick,
            over: frame.outcome.is_some(),
            winner: frame.outcome.and_then(|o| o.winner),
            standings: frame.teams.iter().map(|t| [t.alive, t.kills]).collect(),
            units: frame.units.iter().map(|u| (r(u.x), r(u.y), r(u.health), look(u.look))).collect(),
            shots: frame.shots.iter().map(|s| (r(s.from.0), r(s.from.1), r(s.to.0), r(s.to.1), s.team)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PLACEHOLDER;
    use crate::render::{self, fixture, RenderError, RenderOptions};

    /// The JSON the page embeds.
    fn data(html: &str) -> serde_json::Value {
        let start = html.find(r#"<script type="application/json" id="replay">"#).expect("the data") + 44;
        let end = start + html[start..].find("</script>").expect("its end");
        serde_json::from_str(&html[start..end]).expect("valid JSON")
    }

    #[test]
    fn the_page_is_self_contained_and_embeds_every_shown_frame() {
        let (scenario, states) = fixture::skirmish();
        let html = render::html(&scenario, &states, RenderOptions::default()).expect("renders");
        assert!(html.starts_with("<!doctype html>"));
        assert!(!html.contains("http") && !html.contains("src=") && !html.contains("@import"), "no external resource");
        assert!(!html.contains(PLACEHOLDER), "the data is filled in");
        let data = data(&html);
        let ticks: Vec<u64> =
            data["frames"].as_array().expect("frames").iter().map(|f| f["tick"].as_u64().expect("a tick")).collect();
        assert_eq!(ticks, [0, 1, 2]);
        assert_eq!(data["frames"][1]["shots"].as_array().map(Vec::len), Some(2));
        assert_eq!(data["frames"][1]["units"][2][3], 1, "unit 2 is freshly killed at tick 1");
        assert_eq!(data["teams"], serde_json::json!([0, 1, 0, 1]));
    }

    #[test]
    fn every_picks_the_frames_and_tick_the_first_one_shown() {
        let (scenario, states) = fixture::skirmish();
        let opts = RenderOptions { every: 2, tick: Some(1), ..Default::default() };
        let short = data(&render::html(&scenario, &states[..2], opts).expect("renders"));
        let ticks: Vec<u64> =
            short["frames"].as_array().expect("frames").iter().filter_map(|f| f["tick"].as_u64()).collect();
        assert_eq!(ticks, [0, 1], "tick 0, then the last");
        assert_eq!(short["start"], 1);
        let long = data(&render::html(&scenario, &states, opts).expect("renders"));
        assert_eq!(long["start"], 0, "tick 1 is not shown: the player opens at tick 0, before it");

        let error = render::html(&scenario, &states, RenderOptions { tick: Some(3), ..Default::default() });
        assert!(matches!(error, Err(RenderError::NoSuchTick { tick: 3, last: 2 })), "{error:?}");
        let error = render::html(&scenario, &states, RenderOptions { every: 0, ..Default::default() });
        assert!(matches!(error, Err(RenderError::ZeroEvery)), "{error:?}");
    }
}
