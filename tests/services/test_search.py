"""Full-text search: what a typed text becomes, what it finds, and that no text can break it."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.dialects import mysql, postgresql, sqlite

from kaizen.db.models import Suggestion, WasteObservation
from kaizen.db.search import (
    MAX_SEARCH_WORDS,
    OBSERVATIONS_TEXT,
    SUGGESTIONS_TEXT,
    SearchTerms,
    casefold,
    fts5_query,
    parse_search,
    text_match,
    tsquery,
)
from kaizen.domain.enums import SuggestionStatus
from kaizen.services.listing import IdeaColumn, IdeaFilter, ObservationColumn, ObservationFilter

from .factories import idea, observation

HOSTILE = [
    '"', '""', '"""', "*", "**", "-", "--", "NEAR(", "NEAR(a b", "NEAR/2", "OR", "AND", "NOT",
    "a OR b", "tape NOT", "-tape", "tape*", "*tape", '"tape', 'tape"', 'ta"pe', "(", ")", "(tape",
    "title:", "title:tape", "{title}: tape", "^tape", ":", ";", "'", "''", "\\", "%", "_", "%_%",
    "+", "&", "|", "!", "<->", ":*", "tape:*", "a & b | !c", "\x00", "tape\x00box", "\n\t\r",
    "🙂", "🙂 tape", "שלום", "مرحبا", "\u202etape", "e\u0301", "ﬁne", "Ⅻ", "İstanbul", "ß",
    "x" * 10_000, "tape " * 2_000, '"' * 10_000, "NEAR( " * 1_000, "* - \" ( ) : ^ { } ' ",
]


# --- what a text becomes -------------------------------------------------------------------------


def test_words_are_anded_and_the_last_one_is_a_prefix_while_typing():
    terms = parse_search("torque stat")
    assert terms == SearchTerms(words=("torque", "stat"), prefix_last=True)
    assert fts5_query(terms) == '"torque" "stat"*'
    assert tsquery(terms) == "torque & stat:*"


def test_a_single_letter_is_a_word_not_a_prefix():
    # "t*" would match nearly everything, and slowly; from two letters on it is a prefix.
    assert parse_search("t") == SearchTerms(("t",), prefix_last=False)
    assert parse_search("tape t") == SearchTerms(("tape", "t"), prefix_last=False)
    assert parse_search("to") == SearchTerms(("to",), prefix_last=True)


def test_a_space_or_punctuation_after_the_last_word_ends_it():
    assert parse_search("torque ") == SearchTerms(("torque",), prefix_last=False)
    assert parse_search("torque.") == SearchTerms(("torque",), prefix_last=False)
    assert fts5_query(parse_search("torque ")) == '"torque"'
    assert tsquery(parse_search("torque ")) == "torque"


def test_operators_and_quotes_are_separators():
    assert parse_search('"tape" OR -box* NEAR(a)').words == ("tape", "OR", "box", "NEAR", "a")
    # The FTS5 keywords are quoted strings, so they are words and not operators.
    assert fts5_query(parse_search("a OR bc")) == '"a" "OR" "bc"*'
    assert parse_search("M6-screws") == SearchTerms(("M6", "screws"), prefix_last=True)
    assert parse_search("snake_case").words == ("snake", "case")


@pytest.mark.parametrize("blank", [None, "", "   ", '"', "*-()", "\x00", "🙂"])
def test_no_word_is_no_search(blank):
    assert parse_search(blank) is None
    assert text_match("sqlite", SUGGESTIONS_TEXT, Suggestion.__table__, blank) is None


def test_unicode_is_normalised():
    assert parse_search("ﬁne").words == ("fine",)  # NFKC unfolds the ligature
    assert parse_search("Ⅻ").words == ("XII",)
    assert parse_search("café crème").words == ("café", "crème")


def test_very_many_words_are_capped_and_none_is_then_a_prefix():
    terms = parse_search("w " * 500 + "last")
    assert len(terms.words) == MAX_SEARCH_WORDS
    assert not terms.prefix_last


def test_the_sql_of_each_dialect():
    table = Suggestion.__table__
    sql = str(text_match("sqlite", SUGGESTIONS_TEXT, table, "tape").compile(
        dialect=sqlite.dialect()))
    assert "suggestions.id IN (SELECT suggestions_fts.rowid" in sql
    assert "suggestions_fts MATCH ?" in sql
    pg = str(text_match("postgresql", SUGGESTIONS_TEXT, table, "tape").compile(
        dialect=postgresql.dialect()))
    assert pg == (
        "to_tsvector('kaizen_search', suggestions.title || ' ' || suggestions.problem || ' ' || "
        "suggestions.proposal) @@ to_tsquery('kaizen_search', %(ts_query)s::VARCHAR)"
    )
    obs = str(text_match("postgresql", OBSERVATIONS_TEXT, WasteObservation.__table__,
                         "tape").compile(dialect=postgresql.dialect()))
    assert obs.startswith("to_tsvector('kaizen_search', waste_observations.description) @@")
    other = str(text_match("mysql", SUGGESTIONS_TEXT, table, "tape box").compile(
        dialect=mysql.dialect()))
    assert other.count("LIKE") == 6  # two words, three columns
    assert str(casefold("postgresql", table.c.title).compile(
        dialect=postgresql.dialect())) == "lower(suggestions.title)"
    assert "COLLATE" in str(casefold("sqlite", table.c.title).compile(dialect=sqlite.dialect()))


# --- what it finds ---------------------------------------------------------------------------


def _ids(site, search, **filters):
    return site.suggestions.query_ids(IdeaFilter(text=search, **filters), IdeaColumn.ID,
                                      descending=False)


def test_search_covers_title_problem_and_proposal(site):
    a = site.suggestions.create(site.staff_id, idea(site, title="Tape dispenser",
                                                    problem="Walking", proposal="Mount it")).id
    b = site.suggestions.create(site.staff_id, idea(site, title="Shelf",
                                                    problem="No tape nearby", proposal="")).id
    c = site.suggestions.create(site.staff_id, idea(site, title="Bins", problem="",
                                                    proposal="Use TAPE colours")).id
    site.suggestions.create(site.staff_id, idea(site, title="Other", problem="x", proposal="y"))
    assert _ids(site, "tape") == [a, b, c]
    assert site.suggestions.count(IdeaFilter(text="tape")) == 3


def test_prefix_on_the_last_word_and_and_of_words(site):
    a = site.suggestions.create(site.staff_id, idea(site, title="Torque station by the line",
                                                    problem="", proposal="")).id
    b = site.suggestions.create(site.staff_id, idea(site, title="Torque wrench calibration",
                                                    problem="", proposal="")).id
    c = site.suggestions.create(site.staff_id, idea(site, title="Station clock",
                                                    problem="", proposal="")).id
    assert _ids(site, "torq") == [a, b]
    assert _ids(site, "stat") == [a, c]
    assert _ids(site, "torque stat") == [a]
    assert _ids(site, "station torq") == [a]
    assert _ids(site, "stat torque") == []  # only the last word is a prefix
    assert _ids(site, "TORQUE   Station") == [a]
    # A finished word is no longer a prefix; an earlier word never is one.
    assert _ids(site, "torq ") == []
    assert _ids(site, "torq station") == []


def test_search_ignores_accents_and_case(site):
    a = site.suggestions.create(site.staff_id, idea(site, title="Café crème machine",
                                                    problem="", proposal="")).id
    assert _ids(site, "cafe") == [a]
    assert _ids(site, "CRÈME") == [a]
    assert _ids(site, "creme mach") == [a]


def test_an_unmatched_quote_just_searches_the_words(site):
    a = site.suggestions.create(site.staff_id, idea(site, title="Tape dispenser",
                                                    problem="", proposal="")).id
    assert _ids(site, '"tape') == [a]
    assert _ids(site, 'tape" disp') == [a]
    assert _ids(site, "tape OR nothing") == []  # OR is a word here, and no idea holds it


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s[:12]))
def test_hostile_search_text_never_raises(site, hostile):
    site.suggestions.create(site.staff_id, idea(site, title="Tape dispenser NEAR the OR"))
    site.observations.create(site.staff_id, observation(site, description="Tape everywhere"))
    flt = IdeaFilter(text=hostile)
    for column in (IdeaColumn.CREATED_AT, IdeaColumn.OWNER, IdeaColumn.AREA):
        assert isinstance(site.suggestions.query_ids(flt, column), list)
    assert site.suggestions.count(flt) >= 0
    assert sum(site.suggestions.status_counts(flt).values()) >= 0
    obs = ObservationFilter(text=hostile)
    assert isinstance(site.observations.query_ids(obs, ObservationColumn.YEARLY_COST), list)
    assert site.observations.count(obs) >= 0
    assert sum(site.observations.category_counts(obs).values()) >= 0


def test_observations_are_searched_by_what_was_seen(site):
    a = site.observations.create(site.staff_id, observation(
        site, description="Forklift crossed the hall\nthree times")).id
    site.observations.create(site.staff_id, observation(site, description="Paint runs"))
    found = site.observations.query_ids(ObservationFilter(text="hall fork"))
    assert found == [a]
    assert site.observations.query_ids(ObservationFilter(text="three times")) == [a]


# --- the index stays in step -------------------------------------------------------------------


def _fts_consistent(db, table):
    if not db.is_sqlite:  # an expression index on PostgreSQL: the server keeps it in step
        return
    # With rank 1, FTS5 also compares its index with the content table: it raises if they differ.
    with db.write() as s:
        s.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"))


def test_search_follows_edits_and_deletes(site, db):
    created = site.suggestions.create(site.staff_id, idea(site, title="Tape dispenser",
                                                          problem="", proposal=""))
    assert _ids(site, "tape") == [created.id]
    site.suggestions.update(site.staff_id, created.id, idea(site, title="Glue station",
                                                            problem="", proposal="bench"))
    assert _ids(site, "tape") == []
    assert _ids(site, "glue") == [created.id]
    assert _ids(site, "bench") == [created.id]
    # A change that does not touch the text (a review) leaves the index as it was.
    site.suggestions.start_review(site.supervisor_id, created.id)
    assert _ids(site, "glue", statuses=(SuggestionStatus.UNDER_REVIEW,)) == [created.id]
    _fts_consistent(db, "suggestions_fts")
    # Whatever changes the table, not only the services, keeps the index in step (triggers).
    with db.write() as s:
        s.execute(update(Suggestion).where(Suggestion.id == created.id)
                  .values(problem="raw sql wording"))
    assert _ids(site, "wording") == [created.id]
    with db.write() as s:
        s.execute(delete(Suggestion).where(Suggestion.id == created.id))
    assert _ids(site, "glue") == []
    assert _ids(site, "wording") == []
    _fts_consistent(db, "suggestions_fts")


def test_observation_search_follows_edits_and_deletes(site, db):
    obs = site.observations.create(site.staff_id, observation(site, description="Tape mess"))
    site.observations.update(site.staff_id, obs.id,
                             observation(site, description="Glue everywhere"))
    assert site.observations.query_ids(ObservationFilter(text="tape")) == []
    assert site.observations.query_ids(ObservationFilter(text="glue")) == [obs.id]
    _fts_consistent(db, "waste_observations_fts")
    with db.write() as s:
        s.execute(delete(WasteObservation).where(WasteObservation.id == obs.id))
    assert site.observations.query_ids(ObservationFilter(text="glue")) == []
    _fts_consistent(db, "waste_observations_fts")


def test_an_idea_made_from_an_observation_is_found_at_once(site):
    obs = site.observations.create(site.staff_id, observation(
        site, description="Operators wait for the forklift"))
    made = site.observations.create_suggestion_from(site.staff_id, obs.id)
    assert _ids(site, "forklift") == [made.id]
