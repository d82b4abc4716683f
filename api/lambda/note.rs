//! `POST /api/note`: a `text/plain` body.

#[bffkit::schema]
pub struct NoteStats {
    pub chars: usize,
    pub lines: usize,
    pub shout: String,
}

/// Counts a note's characters and lines.
#[bffkit::api(match = {
    request: { body: String },
    response: NoteStats,
})]
pub async fn post(body: String) -> NoteStats {
    NoteStats { chars: body.chars().count(), lines: body.lines().count(), shout: body.to_uppercase() }
}
