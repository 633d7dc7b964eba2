//! The viewer's look, shared by every output: colours, and the sizes of what is drawn in tiles.
//! The HTML player receives these values in its data, so the SVG, the PNG and the player agree.

use std::fmt;

/// An opaque colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl fmt::Display for Rgb {
    /// `#rrggbb`, as SVG, CSS and canvas read it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Team colours, by team: blue, vermillion, bluish green and reddish purple from Okabe and Ito's
/// palette, which stays distinct under the common kinds of colour blindness and against the grey
/// field.
pub const TEAM_COLOURS: [Rgb; 4] =
    [Rgb(0x00, 0x72, 0xb2), Rgb(0xd5, 0x5e, 0x00), Rgb(0x00, 0x9e, 0x73), Rgb(0xcc, 0x79, 0xa7)];
/// Floor tiles, in a faint checkerboard of this and [`FLOOR_ALT`] so that distances can be read.
pub const FLOOR: Rgb = Rgb(0xee, 0xf0, 0xf3);
/// The other floor tiles.
pub const FLOOR_ALT: Rgb = Rgb(0xe3, 0xe7, 0xec);
/// The outer ring.
pub const WALL: Rgb = Rgb(0x3b, 0x40, 0x48);
/// The scenario's obstacles.
pub const OBSTACLE: Rgb = Rgb(0x8e, 0x95, 0x9f);
/// Crosses on dead units; near black, so that no team colour can be mistaken for it.
pub const DEATH: Rgb = Rgb(0x11, 0x11, 0x11);
/// Unit outlines and the track behind health bars.
pub const INK: Rgb = Rgb(0x1b, 0x1f, 0x24);
/// The standings band behind the text.
pub const HUD_BACKGROUND: Rgb = Rgb(0x23, 0x27, 0x2e);
/// Text.
pub const HUD_TEXT: Rgb = Rgb(0xf2, 0xf4, 0xf7);

/// A team's colour (teams are below 4 in a valid scenario; others wrap around rather than fail).
pub fn team_colour(team: u32) -> Rgb {
    TEAM_COLOURS[team as usize % TEAM_COLOURS.len()]
}

/// Radius of a live unit's disc, in tiles.
pub const UNIT_RADIUS: f32 = 0.36;
/// Width of a unit's outline, in tiles.
pub const OUTLINE_WIDTH: f32 = 0.05;
/// Length of a full health bar, in tiles; it shrinks from the right as hit points drop.
pub const BAR_WIDTH: f32 = 0.8;
/// Thickness of a health bar, in tiles.
pub const BAR_HEIGHT: f32 = 0.14;
/// From a unit's centre up to the top edge of its health bar, in tiles.
pub const BAR_RISE: f32 = 0.6;
/// Width of a shot's line, in tiles.
pub const SHOT_WIDTH: f32 = 0.1;
/// Half the span of a death cross, in tiles.
pub const CROSS: f32 = 0.26;
/// Width of a death cross's strokes, in tiles.
pub const CROSS_WIDTH: f32 = 0.11;
/// Opacity of the crosses of units that died before the previous frame, so that fresh deaths
/// stand out.
pub const OLD_DEATH_OPACITY: f32 = 0.3;

/// Pixels per tile unless asked otherwise.
pub const DEFAULT_SCALE: u32 = 24;
/// Largest scale: a 32-tile side is then 2,048 pixels.
pub const MAX_SCALE: u32 = 64;
/// Ticks per second when an animation plays at normal speed.
pub const TICKS_PER_SECOND: f32 = 10.0;
