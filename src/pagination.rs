//! Paginators: the cursor as a pure state machine that follows `lastKey` page by page.
//!
//! The wasm layer asks [`Cursor::next_request`] for the next page's request, sends it,
//! and reports the page back with [`Cursor::accept`]; the async-iterator protocol is the
//! only part that lives in JavaScript.

use crate::error::ValidationError;
use crate::executions::ExecutionsKey;
use crate::http::{HttpRequest, Shape};
use crate::params::{self, u64_to_string, Fields, Raw, MAX_LIMIT};
use tsify::Tsify;

/// Options every paginator takes; `Key` is the list's `lastKey` type.
#[derive(Tsify)]
pub struct WalkOptions<Key> {
    /// Items per request, 1 to 30 (default 30: the fewest round trips).
    #[tsify(optional)]
    pub limit: Option<u32>,
    /// Resume after this cursor (a paginator's `lastKey` from earlier).
    #[tsify(optional)]
    #[serde(rename = "lastKey")]
    pub last_key: Option<Key>,
    /// Stop after this many items, without fetching a page that would not be used.
    #[tsify(optional)]
    #[serde(rename = "maxItems")]
    pub max_items: Option<u32>,
}

/// Parameters of `paginateWorkflowExecutionHistory`.
#[derive(Tsify)]
pub struct PaginateWorkflowExecutionHistoryParams {
    /// Id of the workflow.
    pub workflow_id: String,
    /// Page size, starting cursor and item cap.
    #[serde(flatten)]
    pub walk: WalkOptions<ExecutionsKey>,
}

/// Parameters of `paginateOrganizationExecutions`.
#[derive(Tsify)]
#[tsify(type = "WalkOptions<ExecutionsKey>")]
pub struct PaginateOrganizationExecutionsParams;

/// Parameters of `paginateOrganizationWorkflows`.
#[derive(Tsify)]
#[tsify(type = "WalkOptions<OrganizationWorkflowsKey>")]
pub struct PaginateOrganizationWorkflowsParams;

/// Which list a cursor walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `getWorkflowExecutionHistory`: cursor `workflow_execution_id`.
    WorkflowExecutionHistory,
    /// `getOrganizationExecutions`: cursor `workflow_id` + `workflow_execution_id`.
    OrganizationExecutions,
    /// `getOrganizationWorkflows`: cursor `workflow_id` + `workflow_version`.
    OrganizationWorkflows,
}

impl ListKind {
    fn endpoint(self) -> &'static str {
        match self {
            ListKind::WorkflowExecutionHistory => "getWorkflowExecutionHistory",
            ListKind::OrganizationExecutions => "getOrganizationExecutions",
            ListKind::OrganizationWorkflows => "getOrganizationWorkflows",
        }
    }

    /// The `lastKey` fields that become query parameters of the next request.
    fn key_fields(self) -> &'static [&'static str] {
        match self {
            ListKind::WorkflowExecutionHistory => &["workflow_execution_id"],
            ListKind::OrganizationExecutions => &["workflow_id", "workflow_execution_id"],
            ListKind::OrganizationWorkflows => &["workflow_id", "workflow_version"],
        }
    }
}

/// The query parameters a `lastKey` object stands for; `Err` names the missing field.
pub fn key_query(
    kind: ListKind,
    key: &impl Fields,
) -> Result<Vec<(&'static str, String)>, &'static str> {
    kind.key_fields()
        .iter()
        .map(|&name| match key.field(name) {
            Raw::Str(s) if !s.is_empty() => Ok((name, s)),
            Raw::Num(n) if n.is_finite() && n.fract() == 0.0 && n >= 0.0 => {
                Ok((name, u64_to_string(n as u64)))
            }
            _ => Err(name),
        })
        .collect()
}

/// Where a walk stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    kind: ListKind,
    workflow_id: Option<String>,
    limit: u64,
    max_items: Option<u64>,
    yielded: u64,
    key: Option<Vec<(&'static str, String)>>,
    done: bool,
}

/// What the caller should do with an accepted page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    /// How many of the page's items to yield (fewer than all when `maxItems` is reached).
    pub take: usize,
    /// Whether the walk has ended.
    pub done: bool,
}

impl Cursor {
    /// Reads `{ workflow_id?, limit?, maxItems? }` and an optional starting `lastKey`.
    pub fn read(
        kind: ListKind,
        f: &impl Fields,
        start: Option<&impl Fields>,
    ) -> Result<Self, ValidationError> {
        let workflow_id = match kind {
            ListKind::WorkflowExecutionHistory => Some(params::id(f, "workflow_id")?),
            _ => None,
        };
        let max_items = match f.field("maxItems") {
            Raw::Missing | Raw::Null => None,
            Raw::Num(n) if n.is_finite() && n.fract() == 0.0 && n >= 0.0 => Some(n as u64),
            _ => {
                return Err(ValidationError::new(
                    "maxItems",
                    "must be a whole number (0 or more)",
                ))
            }
        };
        let key = match start {
            None => None,
            Some(k) => Some(key_query(kind, k).map_err(|field| {
                let mut param = String::from("lastKey.");
                param.push_str(field);
                ValidationError::new(&param, "is required to resume from lastKey")
            })?),
        };
        Ok(Cursor {
            kind,
            workflow_id,
            limit: params::limit(f, "limit")?.unwrap_or(MAX_LIMIT),
            max_items,
            yielded: 0,
            key,
            done: max_items == Some(0),
        })
    }

    /// The request for the next page, or `None` once the walk has ended.
    pub fn next_request(&self) -> Option<HttpRequest> {
        if self.done {
            return None;
        }
        let remaining = self.max_items.map(|m| m.saturating_sub(self.yielded));
        let limit = u64_to_string(remaining.map_or(self.limit, |r| r.min(self.limit)));
        let mut query: Vec<(&str, Option<&str>)> = Vec::with_capacity(4);
        if let Some(id) = &self.workflow_id {
            query.push(("workflow_id", Some(id)));
        }
        query.push(("limit", Some(&limit)));
        for (name, value) in self.key.iter().flatten() {
            query.push((name, Some(value)));
        }
        Some(HttpRequest::get(self.kind.endpoint(), &query, Shape::Page))
    }

    /// Takes in a page with `items` items and its `lastKey` (absent on the last page).
    /// A `lastKey` that repeats the previous one, or lacks a cursor field, is an error.
    pub fn accept(
        &mut self,
        items: usize,
        last_key: Option<&impl Fields>,
    ) -> Result<Accepted, &'static str> {
        let next = match last_key {
            None => None,
            Some(k) => Some(
                key_query(self.kind, k).map_err(|_| "The page's lastKey lacks a cursor field.")?,
            ),
        };
        if next.is_some() && next == self.key {
            self.done = true;
            return Err("The service sent the same lastKey twice; the walk stops instead of looping forever.");
        }
        let remaining = self
            .max_items
            .map_or(u64::MAX, |m| m.saturating_sub(self.yielded));
        let take = (items as u64).min(remaining);
        self.yielded += take;
        self.done = next.is_none() || self.max_items.is_some_and(|m| self.yielded >= m);
        self.key = next;
        Ok(Accepted {
            take: take as usize,
            done: self.done,
        })
    }

    /// Whether the walk has ended.
    pub fn is_done(&self) -> bool {
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::tests::{s, Map};
    use ListKind::*;

    fn exec_key(id: &str) -> Map {
        Map::default()
            .with("workflow_id", s("w"))
            .with("workflow_execution_id", s(id))
    }

    #[test]
    fn a_walk_follows_last_key_until_it_is_absent() {
        let p = Map::default().with("workflow_id", s("w"));
        let mut c = Cursor::read(WorkflowExecutionHistory, &p, None::<&Map>).unwrap();
        let first = c.next_request().unwrap();
        assert_eq!(
            first.path,
            "/workflows/getWorkflowExecutionHistory?workflow_id=w&limit=30"
        );
        assert_eq!(
            c.accept(30, Some(&exec_key("e30"))),
            Ok(Accepted {
                take: 30,
                done: false
            })
        );
        let second = c.next_request().unwrap();
        assert_eq!(second.path, "/workflows/getWorkflowExecutionHistory?workflow_id=w&limit=30&workflow_execution_id=e30");
        assert_eq!(
            c.accept(7, None::<&Map>),
            Ok(Accepted {
                take: 7,
                done: true
            })
        );
        assert_eq!(c.next_request(), None);
    }

    #[test]
    fn max_items_stops_without_fetching_an_unused_page() {
        let p = Map::default()
            .with("maxItems", Raw::Num(35.0))
            .with("limit", Raw::Num(20.0));
        let mut c = Cursor::read(OrganizationExecutions, &p, None::<&Map>).unwrap();
        assert!(c.next_request().unwrap().path.ends_with("?limit=20"));
        c.accept(20, Some(&exec_key("e20"))).unwrap();
        let second = c.next_request().unwrap();
        assert_eq!(
            second.path,
            "/workflows/getOrganizationExecutions?limit=15&workflow_id=w&workflow_execution_id=e20"
        );
        assert_eq!(
            c.accept(15, Some(&exec_key("e35"))),
            Ok(Accepted {
                take: 15,
                done: true
            })
        );
        assert_eq!(c.next_request(), None);
        let zero = Map::default().with("maxItems", Raw::Num(0.0));
        assert_eq!(
            Cursor::read(OrganizationExecutions, &zero, None::<&Map>)
                .unwrap()
                .next_request(),
            None
        );
    }

    #[test]
    fn a_repeated_last_key_ends_the_walk_with_an_error() {
        let mut c = Cursor::read(OrganizationExecutions, &Map::default(), None::<&Map>).unwrap();
        c.accept(30, Some(&exec_key("e1"))).unwrap();
        assert!(c
            .accept(30, Some(&exec_key("e1")))
            .unwrap_err()
            .contains("same lastKey"));
        assert!(c.is_done());
        assert_eq!(c.next_request(), None);
    }

    #[test]
    fn workflow_keys_carry_a_numeric_version_and_resume_from_a_stored_key() {
        let key = Map::default()
            .with("organization_id", s("o"))
            .with("workflow_id", s("w 1"))
            .with("workflow_version", Raw::Num(3.0));
        let c = Cursor::read(OrganizationWorkflows, &Map::default(), Some(&key)).unwrap();
        assert_eq!(
            c.next_request().unwrap().path,
            "/workflows/getOrganizationWorkflows?limit=30&workflow_id=w%201&workflow_version=3"
        );
        let bad = Map::default().with("workflow_id", s("w"));
        let e = Cursor::read(OrganizationWorkflows, &Map::default(), Some(&bad)).unwrap_err();
        assert_eq!(e.param, "lastKey.workflow_version");
    }

    #[test]
    fn bad_parameters_and_bad_keys() {
        let e = Cursor::read(WorkflowExecutionHistory, &Map::default(), None::<&Map>).unwrap_err();
        assert_eq!(e.param, "workflow_id");
        let p = Map::default().with("maxItems", Raw::Num(-1.0));
        assert_eq!(
            Cursor::read(OrganizationWorkflows, &p, None::<&Map>)
                .unwrap_err()
                .param,
            "maxItems"
        );
        let p = Map::default().with("limit", Raw::Num(31.0));
        assert_eq!(
            Cursor::read(OrganizationWorkflows, &p, None::<&Map>)
                .unwrap_err()
                .param,
            "limit"
        );
        let mut c = Cursor::read(OrganizationExecutions, &Map::default(), None::<&Map>).unwrap();
        let partial = Map::default().with("workflow_id", s("w"));
        assert!(c.accept(1, Some(&partial)).is_err());
    }
}
