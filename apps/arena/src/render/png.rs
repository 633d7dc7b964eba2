//! PNG: a frame's SVG rasterised by resvg, anti-aliased. resvg is built without its text
//! feature (no font database, no system fonts), so the caller leaves the text out.

use resvg::{tiny_skia, usvg};

use super::RenderError;

/// The PNG of `svg`, at its own size.
pub(super) fn rasterise(svg: &str) -> Result<Vec<u8>, RenderError> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default())?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| RenderError::Png(format!("no {} × {} canvas", size.width(), size.height())))?;
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| RenderError::Png(e.to_string()))
}

#[cfg(test)]
mod tests {
    use resvg::tiny_skia::Pixmap;

    use crate::render::style::{self, Rgb, BAR_HEIGHT, BAR_RISE, BAR_WIDTH};
    use crate::render::{self, fixture, RenderOptions};

    const SCALE: u32 = 20;

    /// The PNG of `tick` in the fixture.
    fn picture(tick: u32) -> Pixmap {
        let (scenario, states) = fixture::skirmish();
        let opts = RenderOptions { tick: Some(tick), scale: SCALE, ..Default::default() };
        let png = render::png(&scenario, &states, opts).expect("renders");
        Pixmap::decode_png(&png).expect("a PNG")
    }

    /// The colour of pixel `(x, y)`.
    fn pixel(pixmap: &Pixmap, x: u32, y: u32) -> Rgb {
        let p = pixmap.pixel(x, y).expect("inside the picture").demultiply();
        Rgb(p.red(), p.green(), p.blue())
    }

    /// The colour at `(x, y)` in tiles.
    fn at(pixmap: &Pixmap, x: f32, y: f32) -> Rgb {
        pixel(pixmap, (x * SCALE as f32) as u32, (y * SCALE as f32) as u32)
    }

    fn near(a: Rgb, b: Rgb) -> bool {
        [(a.0, b.0), (a.1, b.1), (a.2, b.2)].iter().all(|&(x, y)| x.abs_diff(y) <= 3)
    }

    #[test]
    fn the_field_is_the_arena_at_scale_without_text() {
        let pixmap = picture(0);
        assert_eq!((pixmap.width(), pixmap.height()), (10 * SCALE, 8 * SCALE), "no standings band");
        assert_eq!(at(&pixmap, 0.5, 0.5), style::WALL);
        assert_eq!(at(&pixmap, 9.5, 7.5), style::WALL);
        assert_eq!(at(&pixmap, 4.5, 3.5), style::OBSTACLE, "obstacle (4, 2) 2 × 3");
        assert_eq!(at(&pixmap, 1.5, 1.5), style::FLOOR);
        assert_eq!(at(&pixmap, 2.5, 1.5), style::FLOOR_ALT);
    }

    #[test]
    fn units_are_drawn_in_their_team_colour() {
        let pixmap = picture(0);
        for (x, y, team) in [(2.5, 2.5, 0), (7.5, 5.5, 1), (2.5, 5.5, 0), (7.5, 2.5, 1)] {
            assert_eq!(at(&pixmap, x, y), style::TEAM_COLOURS[team], "unit at ({x}, {y})");
        }
    }

    #[test]
    fn a_dead_unit_is_a_cross_not_a_unit() {
        // Unit 2 (team 0) dies in tick 1: a bold cross then, a faint one after.
        let fresh = at(&picture(1), 2.5, 5.5);
        assert!(near(fresh, style::DEATH), "{fresh:?}");
        let old = at(&picture(2), 2.5, 5.5);
        assert!(!near(old, style::TEAM_COLOURS[0]) && !near(old, style::DEATH), "{old:?}");
        let floor = style::FLOOR_ALT;
        assert!(old.0 < floor.0 && old.0 > style::DEATH.0, "a faint mark on the floor: {old:?}");
    }

    #[test]
    fn the_health_bar_shrinks_with_hit_points() {
        // Unit 1 (team 1, at (7.5, 5.5)) has all its hit points at tick 0, half at tick 1.
        let bar = |pixmap: &Pixmap| {
            let scale = SCALE as f32;
            let y = ((5.5 - BAR_RISE + BAR_HEIGHT / 2.0) * scale) as u32;
            let xs = ((7.5 - BAR_WIDTH) * scale) as u32..((7.5 + BAR_WIDTH) * scale) as u32;
            let colour = style::TEAM_COLOURS[1];
            xs.filter(|&x| pixel(pixmap, x, y) == colour).count()
        };
        let (full, half) = (bar(&picture(0)), bar(&picture(1)));
        assert!(full as f32 >= BAR_WIDTH * SCALE as f32 - 2.0, "a full bar: {full} pixels");
        assert!((half as f32 / full as f32 - 0.5).abs() < 0.1, "half of {full} pixels: {half}");
    }
}
