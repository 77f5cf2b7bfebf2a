//! Venues' coordinates checked against each other: a community's venues
//! are in one city, so one written with `lat` and `lon` the wrong way
//! round stands thousands of kilometres away from the rest, and its map
//! link leads there. Venue files are checked here, and a venue written in
//! an event file against the same middle.

use crate::diagnostics::Diagnostic;
use crate::fields::FileContext;
use crate::model::Venue;
use crate::source::Source;
use crate::yaml::{key, Seg};

/// Farther than this from the other venues, a place is not in the city.
const FAR_KM: f64 = 1000.0;
/// Within this of them once swapped, it was meant to be.
const NEAR_KM: f64 = 100.0;

/// The middle of the calendar's venues: the median of their latitudes
/// and of their longitudes, which one swapped venue does not move. `None`
/// under three venues with coordinates, too few to say where the city is.
pub(super) fn middle_of(venues: &[(&Source, &Venue)]) -> Option<(f64, f64)> {
    let placed: Vec<(f64, f64)> = (venues.iter())
        .filter_map(|(_, venue)| Some((venue.lat?, venue.lon?)))
        .collect();
    (placed.len() >= 3).then(|| {
        (
            median(placed.iter().map(|p| p.0).collect()),
            median(placed.iter().map(|p| p.1).collect()),
        )
    })
}

/// Reports each venue file whose `lat` and `lon` look swapped.
pub(super) fn swapped_coordinates(
    venues: &[(&Source, &Venue)],
    middle: Option<(f64, f64)>,
    problems: &mut Vec<Diagnostic>,
) {
    for (source, venue) in venues {
        let ctx = FileContext::new(source);
        check_place(&ctx, &[], venue, middle);
        problems.extend(ctx.into_problems());
    }
}

/// Reports on `lat` (under `path`, the venue's own fields) when `venue` is
/// far from the middle as written and close to it swapped: its map link
/// would lead thousands of kilometres away.
pub(super) fn check_place(
    ctx: &FileContext,
    path: &[Seg],
    venue: &Venue,
    middle: Option<(f64, f64)>,
) {
    let (Some(lat), Some(lon), Some(middle)) = (venue.lat, venue.lon, middle) else {
        return;
    };
    let written = kilometres((lat, lon), middle);
    if written > FAR_KM && kilometres((lon, lat), middle) < NEAR_KM {
        let mut at = path.to_vec();
        at.extend(key("lat"));
        ctx.error_at_value(
            &at,
            format!(
                "`lat` and `lon` look swapped: as written, the place is {written:.0} km from the calendar's venues"
            ),
            Some(format!(
                "`lat` is north to south and comes first: write `lat: {lon}` and `lon: {lat}`"
            )),
        );
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The distance between two points given as (latitude, longitude) in
/// degrees, on a sphere the size of the Earth.
fn kilometres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let (dlat, dlon) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_those_of_the_map() {
        // Paris to Lyon, about 392 km; to itself, none.
        let (paris, lyon) = ((48.8566, 2.3522), (45.764, 4.8357));
        assert!((kilometres(paris, lyon) - 392.0).abs() < 5.0);
        assert_eq!(kilometres(paris, paris), 0.0);
    }
}
