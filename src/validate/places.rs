//! Venues' coordinates checked against each other: a community's venues
//! are in one city, so one written with `lat` and `lon` the wrong way
//! round stands thousands of kilometres away from the rest, and its map
//! link leads there.

use crate::diagnostics::Diagnostic;
use crate::fields::FileContext;
use crate::model::Venue;
use crate::source::Source;
use crate::yaml::key;

/// Farther than this from the other venues, a place is not in the city.
const FAR_KM: f64 = 1000.0;
/// Within this of them once swapped, it was meant to be.
const NEAR_KM: f64 = 100.0;

/// Reports each venue whose `lat` and `lon` look swapped: far from the
/// middle of the calendar's venues as written, close to it swapped. The
/// middle is the median of every venue's coordinates, which one swapped
/// venue does not move; it needs three venues with coordinates.
pub(super) fn swapped_coordinates(venues: &[(&Source, &Venue)], problems: &mut Vec<Diagnostic>) {
    let placed: Vec<(&Source, f64, f64)> = (venues.iter())
        .filter_map(|(source, venue)| Some((*source, venue.lat?, venue.lon?)))
        .collect();
    if placed.len() < 3 {
        return;
    }
    let middle = (
        median(placed.iter().map(|p| p.1).collect()),
        median(placed.iter().map(|p| p.2).collect()),
    );
    for &(source, lat, lon) in &placed {
        let written = kilometres((lat, lon), middle);
        if written > FAR_KM && kilometres((lon, lat), middle) < NEAR_KM {
            let ctx = FileContext::new(source);
            ctx.error_at_value(
                &key("lat"),
                format!(
                    "`lat` and `lon` look swapped: as written, the place is {:.0} km from the calendar's other venues",
                    written
                ),
                Some(format!(
                    "`lat` is north to south and comes first: write `lat: {lon}` and `lon: {lat}`"
                )),
            );
            problems.extend(ctx.into_problems());
        }
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
