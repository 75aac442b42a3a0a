//! Quotas: bounds on the number of pairs inside a block of the score matrix.

/// A bound on the number of pairs inside a block of the score matrix.
///
/// The block is `mentees × mentors`: the given mentee rows (all rows when none are given) times
/// the given mentor columns (all columns when none are given). The quota bounds the number of
/// chosen pairs inside the block. With one mentor per mentee, pairs in a block of mentee rows are
/// exactly the matched mentees among those rows, so `Quota::new("school 4").mentees(rows)
/// .between(10, 20)` asks for 10 to 20 matched pupils of school 4; adding `.mentors(cols)` counts
/// only pairs with those mentors (e.g. "at least 3 pupils of school 4 with a university mentor").
/// With teams ([`MipProblem::team_size`] above 1) a mentee with `k` mentors counts `k`
/// pairs.
///
/// Rows and columns are checked against the score matrix when the problem is solved.
///
/// # Examples
/// ```
/// use nastavnik::assign::mip::Quota;
/// let labels = ["A", "B", "A"];
/// let q = Quota::new("school A").mentees_labelled(&labels, "A").at_most(1);
/// assert_eq!(q.name(), "school A");
/// assert_eq!(q.mentee_rows(), Some(&[0, 2][..]));
/// assert_eq!((q.min(), q.max()), (0, Some(1)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    pub(super) name: String,
    pub(super) mentees: Option<Vec<usize>>,
    pub(super) mentors: Option<Vec<usize>>,
    pub(super) min: usize,
    pub(super) max: Option<usize>,
}

impl Quota {
    /// A quota named `name` (used in error messages) over the whole matrix, with no bounds yet.
    ///
    /// ```
    /// use nastavnik::assign::mip::Quota;
    /// let q = Quota::new("total").at_least(5);
    /// assert_eq!(q.mentee_rows(), None);
    /// assert_eq!(q.min(), 5);
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            mentees: None,
            mentors: None,
            min: 0,
            max: None,
        }
    }

    /// Restrict the block to these mentee rows (sorted, duplicates removed). Calling it again
    /// replaces the rows.
    ///
    /// ```
    /// use nastavnik::assign::mip::Quota;
    /// let q = Quota::new("q").mentees([3, 1, 3]);
    /// assert_eq!(q.mentee_rows(), Some(&[1, 3][..]));
    /// ```
    pub fn mentees(mut self, rows: impl IntoIterator<Item = usize>) -> Self {
        let mut rows: Vec<usize> = rows.into_iter().collect();
        rows.sort_unstable();
        rows.dedup();
        self.mentees = Some(rows);
        self
    }

    /// Restrict the block to these mentor columns (sorted, duplicates removed).
    ///
    /// ```
    /// use nastavnik::assign::mip::Quota;
    /// let q = Quota::new("q").mentors([2, 0]);
    /// assert_eq!(q.mentor_cols(), Some(&[0, 2][..]));
    /// ```
    pub fn mentors(mut self, cols: impl IntoIterator<Item = usize>) -> Self {
        let mut cols: Vec<usize> = cols.into_iter().collect();
        cols.sort_unstable();
        cols.dedup();
        self.mentors = Some(cols);
        self
    }

    /// Restrict the block to the mentees whose label (one per mentee row) equals `label`.
    ///
    /// ```
    /// use nastavnik::assign::mip::Quota;
    /// let q = Quota::new("7b").mentees_labelled(&["7a", "7b", "7b"], "7b");
    /// assert_eq!(q.mentee_rows(), Some(&[1, 2][..]));
    /// ```
    pub fn mentees_labelled<S: AsRef<str>>(self, labels: &[S], label: &str) -> Self {
        self.mentees(rows_with_label(labels, label))
    }

    /// Restrict the block to the mentors whose label (one per mentor column) equals `label`.
    ///
    /// ```
    /// use nastavnik::assign::mip::Quota;
    /// let q = Quota::new("uni").mentors_labelled(&["uni", "firm"], "uni");
    /// assert_eq!(q.mentor_cols(), Some(&[0][..]));
    /// ```
    pub fn mentors_labelled<S: AsRef<str>>(self, labels: &[S], label: &str) -> Self {
        self.mentors(rows_with_label(labels, label))
    }

    /// Require at least `min` pairs in the block.
    ///
    /// ```
    /// assert_eq!(nastavnik::assign::mip::Quota::new("q").at_least(2).min(), 2);
    /// ```
    pub fn at_least(mut self, min: usize) -> Self {
        self.min = min;
        self
    }

    /// Allow at most `max` pairs in the block.
    ///
    /// ```
    /// assert_eq!(nastavnik::assign::mip::Quota::new("q").at_most(2).max(), Some(2));
    /// ```
    pub fn at_most(mut self, max: usize) -> Self {
        self.max = Some(max);
        self
    }

    /// Require between `min` and `max` pairs (inclusive) in the block.
    ///
    /// ```
    /// let q = nastavnik::assign::mip::Quota::new("q").between(1, 3);
    /// assert_eq!((q.min(), q.max()), (1, Some(3)));
    /// ```
    pub fn between(self, min: usize, max: usize) -> Self {
        self.at_least(min).at_most(max)
    }

    /// The quota's name.
    ///
    /// ```
    /// assert_eq!(nastavnik::assign::mip::Quota::new("school 1").name(), "school 1");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The mentee rows of the block (`None`: all rows).
    ///
    /// ```
    /// assert_eq!(nastavnik::assign::mip::Quota::new("q").mentee_rows(), None);
    /// ```
    pub fn mentee_rows(&self) -> Option<&[usize]> {
        self.mentees.as_deref()
    }

    /// The mentor columns of the block (`None`: all columns).
    ///
    /// ```
    /// assert_eq!(nastavnik::assign::mip::Quota::new("q").mentor_cols(), None);
    /// ```
    pub fn mentor_cols(&self) -> Option<&[usize]> {
        self.mentors.as_deref()
    }

    /// The lower bound on pairs in the block (0 when unset).
    ///
    /// ```
    /// assert_eq!(nastavnik::assign::mip::Quota::new("q").min(), 0);
    /// ```
    pub fn min(&self) -> usize {
        self.min
    }

    /// The upper bound on pairs in the block (`None` when unset).
    ///
    /// ```
    /// assert_eq!(nastavnik::assign::mip::Quota::new("q").max(), None);
    /// ```
    pub fn max(&self) -> Option<usize> {
        self.max
    }
}

fn rows_with_label<S: AsRef<str>>(labels: &[S], label: &str) -> Vec<usize> {
    labels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.as_ref() == label)
        .map(|(i, _)| i)
        .collect()
}
