//! A dataset seen through a demand model's eyes: spells in states, with what
//! came before and after each, and the daily stock per state.

use chrono::{Datelike, NaiveDate};

use crate::model::{age_in_years, AgeBand, UNCLASSIFIED};
use crate::ssda903::Dataset;

use super::config::{AgeBasis, DemandConfig, Estimator, ExitRoute};

/// The date a child born on `dob` turns `age` (29 February birthdays fall on
/// 1 March in common years, as [`age_in_years`] counts them).
pub(crate) fn birthday(dob: NaiveDate, age: u8) -> NaiveDate {
    let year = dob.year() + i32::from(age);
    NaiveDate::from_ymd_opt(year, dob.month(), dob.day())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 3, 1).expect("1 March exists"))
}

/// Age in years as `cs-demand-model` takes it: days since birth / 365.24
/// (`shared/domain/prior-art.md` §2.4).
pub(crate) fn peer_age(dob: NaiveDate, on: NaiveDate) -> f64 {
    (on - dob).num_days() as f64 / 365.24
}

/// What followed a spell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Next {
    /// Still open at the end of the data.
    Open,
    /// Another spell started the day this one ended, in this group.
    Move(u16),
    /// Care ended, by this route.
    Exit(ExitRoute),
}

/// One episode as a demand model sees it.
#[derive(Debug, Clone)]
pub(crate) struct Spell {
    pub dob: NaiveDate,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// The placement group's index (spells are kept small: there is one per
    /// episode, half a million at national volume).
    pub group: u16,
    /// No spell ended on the day this one started: the child entered care.
    pub entry: bool,
    pub next: Next,
    /// The next placement began because the carer asked for this one to end
    /// because of the child's behaviour (REASON_PLACE_CHANGE CREQB): a breakdown.
    pub breakdown: bool,
    /// The band fixed at episode start, for [`AgeBasis::EpisodeStart`].
    pub start_band: Option<u8>,
}

// One spell per episode: 24 bytes, not the 56 that word-sized fields took.
const _: () = assert!(std::mem::size_of::<Spell>() <= 24);

/// The state space: bands × groups, with `unclassified` last when used.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
/// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("episodes", &cols, vec![
/// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
/// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
/// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
/// # ]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
/// # let states = &model.rates.states;
/// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
/// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
/// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
/// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
/// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
/// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
/// use sufficiency::model::PlacementGroups;
/// // The states come from the configuration: its bands, then its groups.
/// assert_eq!(model.rates.states.bands, DemandConfig::standard().bands());
/// let peer = DemandModel::fit(model.dataset().clone(), model.reference(), DemandConfig::peer()).unwrap();
/// assert_eq!(peer.rates.states.groups, PlacementGroups::peer().group_names());
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct States {
    /// The age bands, in order.
    pub bands: Vec<AgeBand>,
    /// The placement groups, in order.
    pub groups: Vec<String>,
}

impl States {
    /// Number of groups.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// // The twelve standard placement groups; every placement here is grouped, so
    /// // no `unclassified` group is added.
    /// assert_eq!(states.g(), 12);
    /// ```
    pub fn g(&self) -> usize {
        self.groups.len()
    }
    /// Number of bands.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// assert_eq!(states.b(), 5); // under 1, 1-4, 5-9, 10-15, 16-17
    /// ```
    pub fn b(&self) -> usize {
        self.bands.len()
    }
    /// Number of (band, group) states.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// assert_eq!(states.len(), 5 * 12);
    /// ```
    pub fn len(&self) -> usize {
        self.bands.len() * self.groups.len()
    }
    /// Whether there are no states.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// assert!(!states.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub(crate) fn index(&self, band: usize, group: usize) -> usize {
        band * self.groups.len() + group
    }
    /// The index of a group by name.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// assert_eq!(states.group_index("foster_kinship"), Some(0)); // the standard grouping's first rule
    /// assert_eq!(states.group_index("FOSTERING"), None); // a peer-model category
    /// ```
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.groups.iter().position(|g| g == name)
    }
    /// The index of a band by label (`"10-15"`) or by name of its lower age.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// assert_eq!(states.band_index("under 1"), Some(0));
    /// assert_eq!(states.band_index("16-17"), Some(4)); // the 16+ band, cut at 18
    /// assert_eq!(states.band_index("16+"), None);
    /// ```
    pub fn band_index(&self, label: &str) -> Option<usize> {
        self.bands.iter().position(|b| b.label() == label)
    }
}

/// The band of a daily age, if under the top of the state space.
pub(crate) fn band_of_age(bands: &[AgeBand], age: i32) -> Option<usize> {
    bands.iter().position(|b| b.contains(age))
}

/// The band the peer assigns: the bracket containing the fractional age.
pub(crate) fn band_of_peer_age(bands: &[AgeBand], age: f64) -> Option<usize> {
    bands.iter().position(|b| age >= f64::from(b.from) && b.to.is_none_or(|t| age < f64::from(t)))
}

/// Spells of every child the configuration covers, and the state space.
#[derive(Debug)]
pub(crate) struct History {
    pub states: States,
    pub spells: Vec<Spell>,
    /// The first and last dates the data covers: the first collection year's
    /// start (or the earliest episode) and the latest return's end.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

impl History {
    pub(crate) fn build(ds: &Dataset, cfg: &DemandConfig) -> History {
        use crate::codes::{Place, PlaceProvider};
        let bands = cfg.bands();
        let mut groups: Vec<String> = cfg.groups.group_names().into_iter().map(str::to_string).collect();
        let named = groups.len();
        // Group of every (PLACE, PLACE_PROVIDER) pair, looked up once.
        let np = PlaceProvider::ALL.len() + 1;
        let table: Vec<usize> = Place::ALL
            .iter()
            .flat_map(|&place| {
                let groups = &groups;
                std::iter::once(None).chain(PlaceProvider::ALL.iter().copied().map(Some)).map(move |prov| {
                    cfg.groups
                        .group_of(place, prov)
                        .map_or(named, |name| groups.iter().position(|g| g == name).expect("named group"))
                })
            })
            .collect();
        let group_of =
            |e: &crate::model::Episode| table[e.place as usize * np + e.provider.map_or(0, |p| p as usize + 1)];
        let mut any_unclassified = false;
        // One spell per episode at most (about 14 MB at national volume),
        // allocated once at that size, so in huge pages (see `crate::memory`).
        let mut spells: Vec<Spell> = crate::memory::huge_vec(ds.episodes().len());
        let (mut first, mut last): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
        let episodes = ds.episodes();
        let children = ds.children();
        let mut ci = 0;
        // Episodes are stored child by child in identifier order, like the children.
        let mut i = 0;
        while i < episodes.len() {
            let id = episodes[i].child.as_str();
            let mut j = i + 1;
            while j < episodes.len() && {
                let other = episodes[j].child.as_str();
                std::ptr::eq(other, id) || other == id
            } {
                j += 1;
            }
            while ci < children.len() && children[ci].id.as_str() < id {
                ci += 1;
            }
            let child = children.get(ci).filter(|c| c.id.as_str() == id);
            if let Some(child) = child.filter(|c| cfg.include_uasc || !c.uasc) {
                let base = spells.len();
                let mut prev_end: Option<NaiveDate> = None;
                for e in episodes[i..j].iter().filter(|e| cfg.include_short_breaks || !e.legal_status.is_short_break())
                {
                    let group = u16::try_from(group_of(e)).expect("fewer than 65,536 placement groups");
                    any_unclassified |= usize::from(group) == named;
                    let entry = spells.len() == base || prev_end != Some(e.start);
                    if !entry {
                        let k = spells.len() - 1;
                        spells[k].next = Next::Move(group);
                        spells[k].breakdown = e.reason_place_change == Some(crate::codes::ReasonPlaceChange::CREQB);
                    }
                    let start_band = match cfg.age_basis {
                        AgeBasis::EpisodeStart => {
                            band_of_peer_age(&bands, peer_age(child.dob, e.start)).and_then(|b| u8::try_from(b).ok())
                        }
                        AgeBasis::Daily => None,
                    };
                    first = Some(first.map_or(e.start, |f| f.min(e.start)));
                    let reach = e.end.unwrap_or(e.start);
                    last = Some(last.map_or(reach, |l| l.max(reach)));
                    let next = match e.end {
                        None => Next::Open,
                        // Until a following spell proves otherwise, care ended here.
                        Some(_) => Next::Exit(e.reason_end.map_or(ExitRoute::Other, ExitRoute::of)),
                    };
                    spells.push(Spell {
                        dob: child.dob,
                        start: e.start,
                        end: e.end,
                        group,
                        entry,
                        next,
                        breakdown: false,
                        start_band,
                    });
                    prev_end = e.end;
                }
                if cfg.estimator == Estimator::Pooled {
                    drop_nightless(&mut spells, base);
                }
            }
            i = j;
        }
        // The returns cover their collection years: open episodes are known to be
        // open up to the end of the latest, and before the first begins only the
        // children still in care then are known, so the data starts there.
        if !spells.is_empty() {
            if let Some(year_end) = ds.collection_years().iter().map(|y| y.end()).max() {
                last = Some(last.map_or(year_end, |l| l.max(year_end)));
            }
            if let Some(year_start) = ds.collection_years().iter().map(|y| y.start()).min() {
                first = Some(year_start);
            }
        }
        if any_unclassified {
            groups.push(UNCLASSIFIED.to_string());
        }
        History { states: States { bands, groups }, spells, first, last }
    }

    /// Calls `f(band, from, to_exclusive)` for each run of nights in
    /// `[lo, hi]` (inclusive) that the spell spends in one band.
    pub(crate) fn for_each_band_run(
        &self,
        s: &Spell,
        cfg: &DemandConfig,
        lo: NaiveDate,
        hi: NaiveDate,
        mut f: impl FnMut(usize, NaiveDate, NaiveDate),
    ) {
        let from = s.start.max(lo);
        let to = match s.end {
            Some(e) => e.min(hi.succ_opt().expect("date in range")),
            None => hi.succ_opt().expect("date in range"),
        };
        if from >= to {
            return;
        }
        match cfg.age_basis {
            AgeBasis::EpisodeStart => {
                if let Some(b) = s.start_band {
                    f(usize::from(b), from, to);
                }
            }
            AgeBasis::Daily => {
                let bands = &self.states.bands;
                let mut cur = from;
                while cur < to {
                    let age = age_in_years(s.dob, cur);
                    let Some(b) = band_of_age(bands, age) else {
                        // Too young (a date before birth) or at/over the top age: no state.
                        if age < 0 {
                            let born = s.dob.max(cur.succ_opt().expect("date in range"));
                            cur = born;
                            continue;
                        }
                        return;
                    };
                    let top = bands[b].to.expect("state bands are closed");
                    let next = birthday(s.dob, top).min(to);
                    f(b, cur, next);
                    cur = next;
                }
            }
        }
    }
}

/// Removes the spells from `base` on that start and end on the same day, so
/// that every spell left spends at least one night in care, relinking their
/// neighbours: a same-day episode between two others makes the move from the
/// first straight to the third (no move at all if the child ends the day in
/// the group they started it in); one that ends the period of care passes its
/// exit route back to the spell before it; one that begins a period passes
/// the entry on to the next spell; a period that begins and ends on the same
/// day (no night in care) is neither an entry nor an exit.
///
/// The model counts children by night: without this, a period that begins and
/// ends on one day counted as an entrant who never left (the projection
/// added a child the stock never had), and an exit recorded on a same-day
/// final episode was lost, as a move into a placement that held no night.
/// `cs-demand-model` counts same-day episodes as they are
/// (`scripts/peer/README.md`, rules (a), (d)), so [`DemandConfig::peer`]
/// keeps them.
fn drop_nightless(spells: &mut Vec<Spell>, base: usize) {
    if !spells[base..].iter().any(|s| s.end == Some(s.start)) {
        return;
    }
    let child: Vec<Spell> = spells.drain(base..).collect();
    // The kept spell the current period of care continues from, and whether
    // the period began with a dropped spell (its entry goes to the next one kept).
    let (mut link, mut entry_pending): (Option<usize>, bool) = (None, false);
    for mut s in child {
        if s.entry {
            link = None;
            entry_pending = false;
        }
        if s.end == Some(s.start) {
            match link {
                Some(k) => {
                    let prev = &mut spells[k];
                    prev.next = s.next;
                    prev.breakdown |= s.breakdown && matches!(s.next, Next::Move(_));
                }
                None => entry_pending = matches!(s.next, Next::Move(_)),
            }
            if !matches!(s.next, Next::Move(_)) {
                link = None;
            }
            continue;
        }
        if entry_pending {
            s.entry = true;
            entry_pending = false;
        }
        spells.push(s);
        link = Some(spells.len() - 1);
    }
}

/// The band a spell is in on the night of `night` (none outside the state space).
pub(crate) fn band_on(states: &States, s: &Spell, cfg: &DemandConfig, night: NaiveDate) -> Option<usize> {
    match cfg.age_basis {
        AgeBasis::EpisodeStart => s.start_band.map(usize::from),
        AgeBasis::Daily => band_of_age(&states.bands, age_in_years(s.dob, night)),
    }
}
