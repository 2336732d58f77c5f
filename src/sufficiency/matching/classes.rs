//! Children the matching cannot tell apart, counted once.
//!
//! Two children are interchangeable when every setting would take both or
//! neither, at the same cost: the same home location, the same
//! suitabilities, "local" preference, needs and solo flag, and ages that no
//! setting's age range (nor the supported-accommodation age of 16) tells
//! apart. Such a class is one source of the transport problem, with a demand
//! of its head count, which shrinks the problem without changing its optimum.
//! Siblings are never pooled: sibling repair needs to know where each one is.

use std::collections::HashMap;

use crate::geo::GridRef;
use crate::model::{Setting, Specialism};

use super::super::located::Spot;
use super::super::need::{ChildNeed, PlacementType, Suitability};

/// The cohort split into classes of interchangeable children.
pub(crate) struct Classes {
    /// Each class's children (cohort indices), ordered by child id then
    /// index; the first stands for the class when costing arcs.
    pub members: Vec<Vec<usize>>,
}

/// What makes children interchangeable (see the module documentation).
#[derive(PartialEq, Eq, Hash)]
struct Key {
    home: Option<(u32, u32)>,
    age_band: usize,
    suitability: [Suitability; 4],
    preferred_local: bool,
    needs: Vec<Specialism>,
    solo: bool,
    /// The child's own index when it is in a sibling group (never pooled).
    alone: Option<usize>,
}

impl Classes {
    /// Classes of `children` (homes located as `homes`), given the settings
    /// whose age ranges may tell ages apart. With `pool` false every child
    /// is a class of one.
    pub fn new<'a>(
        children: &[ChildNeed],
        homes: &[Option<Spot>],
        settings: impl Iterator<Item = &'a Setting>,
        pool: bool,
    ) -> Classes {
        // Ages a and b are alike when no boundary b with a < b ≤ b' lies between them.
        let mut bounds: Vec<u8> = vec![16];
        for s in settings {
            bounds.extend(s.min_age);
            bounds.extend(s.max_age.map(|m| m.saturating_add(1)));
        }
        bounds.sort_unstable();
        bounds.dedup();
        let mut order: Vec<usize> = (0..children.len()).collect();
        order.sort_by(|&a, &b| children[a].child.cmp(&children[b].child).then(a.cmp(&b)));
        let mut index: HashMap<Key, usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for i in order {
            let c = &children[i];
            let mut needs = c.needs.clone();
            needs.sort_unstable();
            needs.dedup();
            let key = Key {
                home: homes[i].as_ref().map(|h| grid_key(h.grid)),
                age_band: bounds.partition_point(|&b| b <= c.age),
                suitability: PlacementType::ALL.map(|t| c.suitability(t)),
                preferred_local: c.preferred_local,
                needs,
                solo: c.solo,
                alone: (!pool || c.sibling_group.is_some()).then_some(i),
            };
            let k = *index.entry(key).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[k].push(i);
        }
        Classes { members }
    }

    /// The child who stands for class `k`.
    pub fn head(&self, k: usize) -> usize {
        self.members[k][0]
    }

    /// Number of classes.
    pub fn count(&self) -> usize {
        self.members.len()
    }
}

fn grid_key(g: GridRef) -> (u32, u32) {
    (g.easting, g.northing)
}
