-- Generated from pipeline/schema.py by the build; do not edit.
CREATE TABLE sources (
    source_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    published VARCHAR,
    published_date DATE,
    url VARCHAR,
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    bytes INTEGER NOT NULL CHECK (bytes >= 1),
    license VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (source_id)
);
COMMENT ON TABLE sources IS 'The raw articles the package is coded from, with their checksums and licences.';
COMMENT ON COLUMN sources.source_id IS 'Short id of the article.';
COMMENT ON COLUMN sources.title IS 'Headline or article title.';
COMMENT ON COLUMN sources.publisher IS 'Who published it.';
COMMENT ON COLUMN sources.published IS 'Publication date and time as the source states it.';
COMMENT ON COLUMN sources.published_date IS 'Publication date, where known.';
COMMENT ON COLUMN sources.url IS 'Where it was published, only where known.';
COMMENT ON COLUMN sources.path IS 'File in raw/ holding the exact text.';
COMMENT ON COLUMN sources.sha256 IS 'SHA-256 of the raw file.';
COMMENT ON COLUMN sources.bytes IS 'Size of the raw file in bytes.';
COMMENT ON COLUMN sources.license IS 'The source''s own terms.';
COMMENT ON COLUMN sources.note IS 'What the file contains besides the article.';
CREATE TABLE passages (
    passage_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES sources (source_id),
    level VARCHAR NOT NULL CHECK (level IN ('section', 'paragraph', 'sentence')),
    parent_id VARCHAR,
    section VARCHAR,
    char_start INTEGER NOT NULL CHECK (char_start >= 0),
    char_end INTEGER NOT NULL CHECK (char_end >= 1),
    text VARCHAR NOT NULL,
    PRIMARY KEY (passage_id)
);
COMMENT ON TABLE passages IS 'Each article segmented into sections, paragraphs and sentences, with character offsets, so that a sentence can be cited.';
COMMENT ON COLUMN passages.passage_id IS 'Source id, then s/p/t numbers of section, paragraph and sentence, e.g. wikipedia.s05.p02.t01.';
COMMENT ON COLUMN passages.source_id IS 'The article.';
COMMENT ON COLUMN passages.level IS 'section, paragraph or sentence.';
COMMENT ON COLUMN passages.parent_id IS 'The enclosing passage.';
COMMENT ON COLUMN passages.section IS 'Heading of the enclosing section, cleaned of ''Edit''.';
COMMENT ON COLUMN passages.char_start IS '0-based offset of the first character in the raw text (Python string index).';
COMMENT ON COLUMN passages.char_end IS 'End offset, exclusive.';
COMMENT ON COLUMN passages.text IS 'The passage as it stands in the raw text.';
CREATE TABLE organisations (
    organisation_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    organisation_type VARCHAR NOT NULL CHECK (organisation_type IN ('armed_group', 'government', 'ministry', 'military', 'police', 'court', 'prosecution', 'legislature', 'political_party', 'ngo', 'international_body', 'intergovernmental', 'religious', 'media', 'intelligence', 'other')),
    country VARCHAR,
    description VARCHAR,
    PRIMARY KEY (organisation_id)
);
COMMENT ON TABLE organisations IS 'Organisations that act in the events and legal steps, or are cited as sources.';
COMMENT ON COLUMN organisations.organisation_id IS 'Slug id.';
COMMENT ON COLUMN organisations.name IS 'Name as the texts give it.';
COMMENT ON COLUMN organisations.organisation_type IS 'Kind of organisation.';
COMMENT ON COLUMN organisations.country IS 'ISO 3166-1 alpha-2 code, where the texts state it.';
COMMENT ON COLUMN organisations.description IS 'What the texts say it is.';
CREATE TABLE persons (
    person_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('hostage', 'mrta_member', 'commando', 'military_officer', 'police_officer', 'government_official', 'head_of_state', 'politician', 'mediator', 'diplomat', 'judge', 'prosecutor', 'lawyer', 'witness', 'relative', 'spokesperson', 'journalist', 'author', 'historian', 'poet', 'human_rights_advocate', 'other')),
    description VARCHAR,
    affiliation VARCHAR REFERENCES organisations (organisation_id),
    nationality VARCHAR,
    fate VARCHAR,
    note VARCHAR,
    PRIMARY KEY (person_id)
);
COMMENT ON TABLE persons IS 'Every named individual in either text. Two name forms are one person only when the texts make it clear.';
COMMENT ON COLUMN persons.person_id IS 'Slug of the fullest name.';
COMMENT ON COLUMN persons.name IS 'Fullest name form in the texts.';
COMMENT ON COLUMN persons.role IS 'Main role in the crisis or its aftermath.';
COMMENT ON COLUMN persons.description IS 'What the texts say the person is or did.';
COMMENT ON COLUMN persons.affiliation IS 'Organisation the person belongs to or acts for.';
COMMENT ON COLUMN persons.nationality IS 'ISO 3166-1 alpha-2 code, only where stated.';
COMMENT ON COLUMN persons.fate IS 'What happened to them in the crisis, where stated.';
COMMENT ON COLUMN persons.note IS 'Why name forms were or were not merged.';
CREATE TABLE person_aliases (
    person_id VARCHAR NOT NULL REFERENCES persons (person_id),
    alias VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES sources (source_id),
    PRIMARY KEY (person_id, alias, source_id)
);
COMMENT ON TABLE person_aliases IS 'Every name form each source uses for a person.';
COMMENT ON COLUMN person_aliases.person_id IS 'The person.';
COMMENT ON COLUMN person_aliases.alias IS 'The name form, verbatim.';
COMMENT ON COLUMN person_aliases.source_id IS 'Source using it.';
CREATE TABLE events (
    event_id VARCHAR NOT NULL,
    date_start DATE,
    date_end DATE,
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year', 'unknown')),
    date_basis VARCHAR NOT NULL CHECK (date_basis IN ('stated', 'inferred', 'unknown')),
    date_anchor VARCHAR,
    time_local TIME,
    time_qualifier VARCHAR CHECK (time_qualifier IN ('exact', 'approximate')),
    utc_offset VARCHAR,
    day_of_crisis INTEGER CHECK (day_of_crisis >= 0),
    day_of_crisis_stated INTEGER CHECK (day_of_crisis_stated >= 0),
    event_type VARCHAR NOT NULL CHECK (event_type IN ('seizure', 'hostage_release', 'negotiation', 'statement', 'armed_clash', 'rescue_operation', 'protest', 'diplomatic', 'media_report', 'appointment', 'military_measure', 'commemoration', 'investigation', 'other')),
    summary VARCHAR NOT NULL,
    location VARCHAR,
    PRIMARY KEY (event_id)
);
COMMENT ON TABLE events IS 'Dated happenings from the seizure to the last legal step the articles mention.';
COMMENT ON COLUMN events.event_id IS 'Slug id.';
COMMENT ON COLUMN events.date_start IS 'First day on which the event may have happened (UCDP).';
COMMENT ON COLUMN events.date_end IS 'Last day on which the event may have happened; equals date_start for a single day, the month''s or year''s last day for month or year precision.';
COMMENT ON COLUMN events.date_precision IS 'How precisely the sources date it: day, month, year, or unknown (both dates empty).';
COMMENT ON COLUMN events.date_basis IS 'How the date is known: stated (a quote dates this very record), inferred (a quote places it against another dated record, named in date_anchor), or unknown.';
COMMENT ON COLUMN events.date_anchor IS 'For an inferred date: the event the record is dated against (''when the operation was over'' -> the raid); its evidence is the quote that places it.';
COMMENT ON COLUMN events.time_local IS 'Local time in Lima, 24-hour, where stated.';
COMMENT ON COLUMN events.time_qualifier IS 'How the source words the time: exact (''At 15:23:00'') or approximate (''around 8:20 pm''), like count_qualifier for counts.';
COMMENT ON COLUMN events.utc_offset IS 'Offset of time_local from UTC where the text lets it be computed, written UTC-05:00 (a bare -05:00 is read as a formula by spreadsheets).';
COMMENT ON COLUMN events.day_of_crisis IS 'Days since 17 December 1996 (day 0), for events dated to the day.';
COMMENT ON COLUMN events.day_of_crisis_stated IS 'The day number as a source states it.';
COMMENT ON COLUMN events.event_type IS 'Kind of event.';
COMMENT ON COLUMN events.summary IS 'One sentence in our words.';
COMMENT ON COLUMN events.location IS 'Where, as the texts say.';
CREATE TABLE chronology (
    entry_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES sources (source_id),
    date_start DATE NOT NULL,
    day_stated INTEGER CHECK (day_stated >= 0),
    day_of_crisis INTEGER NOT NULL CHECK (day_of_crisis >= 0),
    text VARCHAR NOT NULL,
    char_start INTEGER NOT NULL CHECK (char_start >= 0),
    char_end INTEGER NOT NULL CHECK (char_end >= 1),
    passage_id VARCHAR NOT NULL REFERENCES passages (passage_id),
    event_id VARCHAR NOT NULL REFERENCES events (event_id),
    PRIMARY KEY (entry_id)
);
COMMENT ON TABLE chronology IS 'The Wikipedia article''s Chronology list, parsed by the pipeline: each entry''s date, its stated day number (checked against the date), its text, and the coded event that covers it.';
COMMENT ON COLUMN chronology.entry_id IS 'Source id, ''chronology'' and the entry''s number.';
COMMENT ON COLUMN chronology.source_id IS 'The article.';
COMMENT ON COLUMN chronology.date_start IS 'The entry''s date (a year only where stated; otherwise December is 1996 and January-April 1997).';
COMMENT ON COLUMN chronology.day_stated IS 'The day number the entry states, ''(day N)''.';
COMMENT ON COLUMN chronology.day_of_crisis IS 'Days since 17 December 1996.';
COMMENT ON COLUMN chronology.text IS 'The entry after its date, verbatim.';
COMMENT ON COLUMN chronology.char_start IS 'Start offset of the entry in the raw text.';
COMMENT ON COLUMN chronology.char_end IS 'End offset, exclusive.';
COMMENT ON COLUMN chronology.passage_id IS 'The paragraph holding the entry.';
COMMENT ON COLUMN chronology.event_id IS 'The coded event that quotes this entry.';
CREATE TABLE event_participants (
    event_id VARCHAR NOT NULL REFERENCES events (event_id),
    person_id VARCHAR REFERENCES persons (person_id),
    organisation_id VARCHAR REFERENCES organisations (organisation_id),
    participant_role VARCHAR NOT NULL,
    participant_key VARCHAR NOT NULL,
    PRIMARY KEY (event_id, participant_key, participant_role)
);
COMMENT ON TABLE event_participants IS 'Persons and organisations taking part in events.';
COMMENT ON COLUMN event_participants.event_id IS 'The event.';
COMMENT ON COLUMN event_participants.person_id IS 'The person taking part (one of person_id, organisation_id).';
COMMENT ON COLUMN event_participants.organisation_id IS 'The organisation taking part (one of person_id, organisation_id).';
COMMENT ON COLUMN event_participants.participant_role IS 'What part they play, in one word.';
COMMENT ON COLUMN event_participants.participant_key IS 'person_id or organisation_id, for the key.';
CREATE TABLE event_counts (
    count_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL REFERENCES events (event_id),
    quantity VARCHAR NOT NULL CHECK (quantity IN ('hostages_taken', 'hostages_held', 'hostages_released', 'hostages_rescued', 'attackers', 'commandos', 'guards', 'prisoners_demanded', 'officers_accused', 'other')),
    description VARCHAR,
    count INTEGER CHECK (count >= 0),
    count_qualifier VARCHAR CHECK (count_qualifier IN ('exact', 'approximate', 'at_least', 'more_than', 'at_most', 'fraction', 'all_but', 'unknown')),
    count_low INTEGER CHECK (count_low >= 0),
    count_high INTEGER CHECK (count_high >= 0),
    PRIMARY KEY (count_id)
);
COMMENT ON TABLE event_counts IS 'Numbers the sources state about an event (hostages taken, commandos, ...).';
COMMENT ON COLUMN event_counts.count_id IS 'Slug id.';
COMMENT ON COLUMN event_counts.event_id IS 'The event counted.';
COMMENT ON COLUMN event_counts.quantity IS 'What is counted.';
COMMENT ON COLUMN event_counts.description IS 'What is counted, in words (given where the quantity is ''other'').';
COMMENT ON COLUMN event_counts.count IS 'Best single number the wording gives.';
COMMENT ON COLUMN event_counts.count_qualifier IS 'How the sources state the number: exact, approximate (''about''), at_least, more_than, at_most, fraction (''about half''), all_but (''all but 72''), unknown.';
COMMENT ON COLUMN event_counts.count_low IS 'Lowest number the wording allows.';
COMMENT ON COLUMN event_counts.count_high IS 'Highest number the wording allows.';
CREATE TABLE casualties (
    casualty_id VARCHAR NOT NULL,
    person_id VARCHAR REFERENCES persons (person_id),
    side VARCHAR NOT NULL CHECK (side IN ('hostage', 'security_forces', 'mrta', 'mixed')),
    outcome VARCHAR NOT NULL CHECK (outcome IN ('killed', 'injured')),
    count INTEGER NOT NULL CHECK (count >= 0),
    count_qualifier VARCHAR CHECK (count_qualifier IN ('exact', 'approximate', 'at_least', 'more_than', 'at_most', 'fraction', 'all_but', 'unknown')),
    count_low INTEGER CHECK (count_low >= 0),
    count_high INTEGER CHECK (count_high >= 0),
    date_start DATE,
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year', 'unknown')),
    date_basis VARCHAR NOT NULL CHECK (date_basis IN ('stated', 'inferred', 'unknown')),
    date_anchor VARCHAR REFERENCES events (event_id),
    event_id VARCHAR REFERENCES events (event_id),
    alleged_execution BOOLEAN NOT NULL,
    alleged_by VARCHAR,
    note VARCHAR,
    PRIMARY KEY (casualty_id)
);
COMMENT ON TABLE casualties IS 'Deaths and injuries: a named person (count 1), or an unnamed group holding only the remainder not covered by named persons, so SUM(count) gives the stated totals.';
COMMENT ON COLUMN casualties.casualty_id IS 'Slug id.';
COMMENT ON COLUMN casualties.person_id IS 'The named person; empty for groups.';
COMMENT ON COLUMN casualties.side IS 'hostage, security_forces, mrta, or mixed.';
COMMENT ON COLUMN casualties.outcome IS 'killed or injured.';
COMMENT ON COLUMN casualties.count IS 'Number of people (1 for a named person).';
COMMENT ON COLUMN casualties.count_qualifier IS 'How the sources state the number of people: exact, approximate (''about''), at_least, more_than, at_most, fraction (''about half''), all_but (''all but 72''), unknown.';
COMMENT ON COLUMN casualties.count_low IS 'Lowest number of people the wording allows.';
COMMENT ON COLUMN casualties.count_high IS 'Highest number of people the wording allows.';
COMMENT ON COLUMN casualties.date_start IS 'First day on which the death or injury may have happened (UCDP).';
COMMENT ON COLUMN casualties.date_precision IS 'How precisely the sources date it: day, month, year, or unknown (both dates empty).';
COMMENT ON COLUMN casualties.date_basis IS 'How the date is known: stated (a quote dates this very record), inferred (a quote places it against another dated record, named in date_anchor), or unknown.';
COMMENT ON COLUMN casualties.date_anchor IS 'For an inferred date: the event the record is dated against (''when the operation was over'' -> the raid); its evidence is the quote that places it.';
COMMENT ON COLUMN casualties.event_id IS 'The event in which it happened.';
COMMENT ON COLUMN casualties.alleged_execution IS 'A source alleges an extrajudicial execution (an allegation, not an established fact).';
COMMENT ON COLUMN casualties.alleged_by IS 'Who alleges it, in the texts'' words.';
COMMENT ON COLUMN casualties.note IS 'Our comment on the coding of this row.';
CREATE TABLE hostage_releases (
    release_id VARCHAR NOT NULL,
    date_start DATE,
    date_end DATE,
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year', 'unknown')),
    date_basis VARCHAR NOT NULL CHECK (date_basis IN ('stated', 'inferred', 'unknown')),
    date_anchor VARCHAR REFERENCES events (event_id),
    released_count INTEGER CHECK (released_count >= 0),
    count_qualifier VARCHAR CHECK (count_qualifier IN ('exact', 'approximate', 'at_least', 'more_than', 'at_most', 'fraction', 'all_but', 'unknown')),
    count_low INTEGER CHECK (count_low >= 0),
    count_high INTEGER CHECK (count_high >= 0),
    released_group VARCHAR CHECK (released_group IN ('men', 'women', 'mixed', 'unspecified')),
    description VARCHAR NOT NULL,
    event_id VARCHAR REFERENCES events (event_id),
    PRIMARY KEY (release_id)
);
COMMENT ON TABLE hostage_releases IS 'Each release of hostages, with its count as worded.';
COMMENT ON COLUMN hostage_releases.release_id IS 'Slug id.';
COMMENT ON COLUMN hostage_releases.date_start IS 'First day on which the release may have happened (UCDP).';
COMMENT ON COLUMN hostage_releases.date_end IS 'Last day on which the release may have happened; equals date_start for a single day, the month''s or year''s last day for month or year precision.';
COMMENT ON COLUMN hostage_releases.date_precision IS 'How precisely the sources date it: day, month, year, or unknown (both dates empty).';
COMMENT ON COLUMN hostage_releases.date_basis IS 'How the date is known: stated (a quote dates this very record), inferred (a quote places it against another dated record, named in date_anchor), or unknown.';
COMMENT ON COLUMN hostage_releases.date_anchor IS 'For an inferred date: the event the record is dated against (''when the operation was over'' -> the raid); its evidence is the quote that places it.';
COMMENT ON COLUMN hostage_releases.released_count IS 'Number released as stated (best value).';
COMMENT ON COLUMN hostage_releases.count_qualifier IS 'How the sources state the number released: exact, approximate (''about''), at_least, more_than, at_most, fraction (''about half''), all_but (''all but 72''), unknown.';
COMMENT ON COLUMN hostage_releases.count_low IS 'Lowest number released the wording allows.';
COMMENT ON COLUMN hostage_releases.count_high IS 'Highest number released the wording allows.';
COMMENT ON COLUMN hostage_releases.released_group IS 'Who was released: men, women, mixed, unspecified.';
COMMENT ON COLUMN hostage_releases.description IS 'The release in our words.';
COMMENT ON COLUMN hostage_releases.event_id IS 'The event it belongs to.';
CREATE TABLE hostage_release_persons (
    release_id VARCHAR NOT NULL REFERENCES hostage_releases (release_id),
    person_id VARCHAR NOT NULL REFERENCES persons (person_id),
    PRIMARY KEY (release_id, person_id)
);
COMMENT ON TABLE hostage_release_persons IS 'Named persons released in a release.';
COMMENT ON COLUMN hostage_release_persons.release_id IS 'The release.';
COMMENT ON COLUMN hostage_release_persons.person_id IS 'The person.';
CREATE TABLE legal_actions (
    legal_action_id VARCHAR NOT NULL,
    date_start DATE,
    date_end DATE,
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year', 'unknown')),
    date_basis VARCHAR NOT NULL CHECK (date_basis IN ('stated', 'inferred', 'unknown')),
    date_anchor VARCHAR REFERENCES events (event_id),
    action_type VARCHAR NOT NULL CHECK (action_type IN ('criminal_complaint', 'preliminary_inquiry', 'statement', 'exhumation', 'forensic_examination', 'arrest_warrant', 'amnesty_bill', 'jurisdiction_challenge', 'jurisdiction_ruling', 'jurisdiction_concession', 'petition', 'admissibility_decision', 'charges', 'charges_dropped', 'investigation', 'request', 'autopsy', 'ruling', 'conviction', 'other')),
    actor VARCHAR REFERENCES organisations (organisation_id),
    target VARCHAR REFERENCES organisations (organisation_id),
    target_description VARCHAR,
    forum VARCHAR REFERENCES organisations (organisation_id),
    outcome VARCHAR,
    description VARCHAR NOT NULL,
    PRIMARY KEY (legal_action_id)
);
COMMENT ON TABLE legal_actions IS 'Legal and judicial steps of the aftermath.';
COMMENT ON COLUMN legal_actions.legal_action_id IS 'Slug id.';
COMMENT ON COLUMN legal_actions.date_start IS 'First day on which the step may have happened (UCDP).';
COMMENT ON COLUMN legal_actions.date_end IS 'Last day on which the step may have happened; equals date_start for a single day, the month''s or year''s last day for month or year precision.';
COMMENT ON COLUMN legal_actions.date_precision IS 'How precisely the sources date it: day, month, year, or unknown (both dates empty).';
COMMENT ON COLUMN legal_actions.date_basis IS 'How the date is known: stated (a quote dates this very record), inferred (a quote places it against another dated record, named in date_anchor), or unknown.';
COMMENT ON COLUMN legal_actions.date_anchor IS 'For an inferred date: the event the record is dated against (''when the operation was over'' -> the raid); its evidence is the quote that places it.';
COMMENT ON COLUMN legal_actions.action_type IS 'Kind of step.';
COMMENT ON COLUMN legal_actions.actor IS 'Organisation taking the step.';
COMMENT ON COLUMN legal_actions.target IS 'Organisation the step is directed against.';
COMMENT ON COLUMN legal_actions.target_description IS 'Who the step is directed against, in words.';
COMMENT ON COLUMN legal_actions.forum IS 'Court, office or commission where it is taken.';
COMMENT ON COLUMN legal_actions.outcome IS 'Result, where stated.';
COMMENT ON COLUMN legal_actions.description IS 'The step in our words.';
CREATE TABLE legal_action_parties (
    legal_action_id VARCHAR NOT NULL REFERENCES legal_actions (legal_action_id),
    person_id VARCHAR REFERENCES persons (person_id),
    organisation_id VARCHAR REFERENCES organisations (organisation_id),
    party_role VARCHAR NOT NULL,
    party_key VARCHAR NOT NULL,
    PRIMARY KEY (legal_action_id, party_key, party_role)
);
COMMENT ON TABLE legal_action_parties IS 'Persons and organisations involved in legal steps, with their part.';
COMMENT ON COLUMN legal_action_parties.legal_action_id IS 'The step.';
COMMENT ON COLUMN legal_action_parties.person_id IS 'The person involved (one of person_id, organisation_id).';
COMMENT ON COLUMN legal_action_parties.organisation_id IS 'The organisation involved (one of person_id, organisation_id).';
COMMENT ON COLUMN legal_action_parties.party_role IS 'What part they play, in one word.';
COMMENT ON COLUMN legal_action_parties.party_key IS 'person_id or organisation_id, for the key.';
CREATE TABLE evidence (
    evidence_id VARCHAR NOT NULL,
    record_table VARCHAR NOT NULL CHECK (record_table IN ('sources', 'passages', 'chronology', 'organisations', 'persons', 'person_aliases', 'events', 'event_participants', 'event_counts', 'casualties', 'hostage_releases', 'hostage_release_persons', 'legal_actions', 'legal_action_parties', 'discrepancies')),
    record_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES sources (source_id),
    value VARCHAR,
    char_start INTEGER NOT NULL CHECK (char_start >= 0),
    char_end INTEGER NOT NULL CHECK (char_end >= 1),
    quote VARCHAR NOT NULL,
    passage_id VARCHAR REFERENCES passages (passage_id),
    PRIMARY KEY (evidence_id)
);
COMMENT ON TABLE evidence IS 'Every (record, field, source) claim with its verbatim quote and character offsets: raw_text[char_start:char_end] == quote.';
COMMENT ON COLUMN evidence.evidence_id IS 'record_table.record_id.field.source_id.n';
COMMENT ON COLUMN evidence.record_table IS 'Table of the record.';
COMMENT ON COLUMN evidence.record_id IS 'Primary key of the record.';
COMMENT ON COLUMN evidence.field IS 'Column the quote supports.';
COMMENT ON COLUMN evidence.source_id IS 'The article.';
COMMENT ON COLUMN evidence.value IS 'This source''s value for the field.';
COMMENT ON COLUMN evidence.char_start IS '0-based start offset in the UTF-8-decoded raw text.';
COMMENT ON COLUMN evidence.char_end IS 'End offset, exclusive.';
COMMENT ON COLUMN evidence.quote IS 'raw_text[char_start:char_end], verbatim.';
COMMENT ON COLUMN evidence.passage_id IS 'The most specific passage where the quote starts: its sentence, else its paragraph or section heading.';
CREATE TABLE discrepancies (
    discrepancy_id VARCHAR NOT NULL,
    topic_id VARCHAR NOT NULL,
    topic VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES sources (source_id),
    value VARCHAR NOT NULL,
    evidence_id VARCHAR NOT NULL REFERENCES evidence (evidence_id),
    reconciled_value VARCHAR,
    rule VARCHAR,
    PRIMARY KEY (discrepancy_id)
);
COMMENT ON TABLE discrepancies IS 'One source''s side of a disagreement between or within the sources.';
COMMENT ON COLUMN discrepancies.discrepancy_id IS 'Topic id, then source id and a number.';
COMMENT ON COLUMN discrepancies.topic_id IS 'Groups the sides of one disagreement.';
COMMENT ON COLUMN discrepancies.topic IS 'What is disputed.';
COMMENT ON COLUMN discrepancies.source_id IS 'Source of this side.';
COMMENT ON COLUMN discrepancies.value IS 'This side''s value.';
COMMENT ON COLUMN discrepancies.evidence_id IS 'The quote for this side.';
COMMENT ON COLUMN discrepancies.reconciled_value IS 'Value chosen across sides, if any.';
COMMENT ON COLUMN discrepancies.rule IS 'How the reconciled value was chosen (or why none was).';
-- Views, generated from pipeline/views.py by the build; do not edit.
CREATE VIEW record_sources AS
SELECT record_table, record_id,
       string_agg(DISTINCT source_id, ', ' ORDER BY source_id) AS sources,
       count(*) AS evidence_rows
FROM evidence
GROUP BY record_table, record_id
ORDER BY record_table, record_id;
COMMENT ON VIEW record_sources IS 'Each record of a coded table with the sources whose quotes support it.';
COMMENT ON COLUMN record_sources.record_table IS 'Table of the record.';
COMMENT ON COLUMN record_sources.record_id IS 'Primary key of the record.';
COMMENT ON COLUMN record_sources.sources IS 'Source ids with at least one evidence row for it, comma-separated.';
COMMENT ON COLUMN record_sources.evidence_rows IS 'Number of evidence rows (quotes) for it.';
CREATE VIEW hostages_held_daily AS
WITH span AS (
    SELECT min(date_start) FILTER (WHERE event_type = 'seizure') AS first_day,
           max(date_start) FILTER (WHERE event_type = 'rescue_operation') AS last_day
    FROM events
),
days AS (
    SELECT CAST(unnest(range(0, last_day - first_day + 1)) AS INTEGER) AS k FROM span
),
-- Releases by the captors on an unknown day in [s_k, e_k]; a rescue is not a release.
releases AS (
    SELECT greatest(coalesce(r.date_start, s.first_day), s.first_day) - s.first_day AS s_k,
           least(coalesce(r.date_end, s.last_day), s.last_day) - s.first_day AS e_k,
           COALESCE(r.count_low, CASE WHEN r.count_qualifier IN ('at_most', 'all_but', 'unknown') THEN 0 ELSE r.released_count END, 0) AS lo,
           COALESCE(r.count_high, CASE WHEN r.count_qualifier IN ('at_least', 'more_than', 'all_but', 'unknown') THEN NULL ELSE r.released_count END) AS hi
    FROM hostage_releases r
    CROSS JOIN span s
    LEFT JOIN events e ON e.event_id = r.event_id
    WHERE e.event_type IS DISTINCT FROM 'rescue_operation'
      AND coalesce(r.date_end, s.first_day) >= s.first_day
      AND coalesce(r.date_start, s.last_day) <= s.last_day
),
hostages_killed AS (
    SELECT event_id, sum(count) AS n FROM casualties
    WHERE side = 'hostage' AND outcome = 'killed'
    GROUP BY event_id
),
-- Each count fixes the number held at some end of day in [s_k, e_k] to [lo, hi].
counted AS (
    SELECT c.count_id, c.quantity,
           coalesce(e.date_start, s.first_day) - s.first_day AS s_k,
           coalesce(e.date_end, s.last_day) - s.first_day AS e_k,
           COALESCE(c.count_low, CASE WHEN c.count_qualifier IN ('at_most', 'all_but', 'unknown') THEN 0 ELSE c.count END, 0) AS lo, COALESCE(c.count_high, CASE WHEN c.count_qualifier IN ('at_least', 'more_than', 'all_but', 'unknown') THEN NULL ELSE c.count END) AS hi, coalesce(k.n, 0) AS killed
    FROM event_counts c
    JOIN events e ON e.event_id = c.event_id
    CROSS JOIN span s
    LEFT JOIN hostages_killed k ON k.event_id = c.event_id
    WHERE c.quantity IN ('hostages_taken', 'hostages_held', 'hostages_rescued')
),
stated AS (
    SELECT count_id AS basis,
           -- the number taken is held before the releases of the seizure day
           s_k - CASE WHEN quantity = 'hostages_taken' THEN 1 ELSE 0 END AS s_k,
           e_k - CASE WHEN quantity = 'hostages_taken' THEN 1 ELSE 0 END AS e_k,
           -- those rescued plus the hostages killed in that event were all those held
           lo + CASE WHEN quantity = 'hostages_rescued' THEN killed ELSE 0 END AS lo,
           hi + CASE WHEN quantity = 'hostages_rescued' THEN killed ELSE 0 END AS hi
    FROM counted
),
-- Counts (and below, releases) with the same window and bounds act alike, so the product
-- of days, counts and releases in `bounds` is grouped first: it then grows with the number
-- of distinct windows, not with the corpus. A group is named by its smallest count_id, the
-- basis the final SELECT would pick among them.
observed AS (
    SELECT min(basis) AS basis, s_k, e_k, lo, hi FROM stated GROUP BY s_k, e_k, lo, hi
),
windows AS (
    SELECT s_k, e_k, sum(lo) AS lo, CASE WHEN bool_or(hi IS NULL) FILTER (WHERE TRUE) THEN NULL ELSE COALESCE(SUM(hi) FILTER (WHERE TRUE), 0) END AS hi FROM releases GROUP BY s_k, e_k
),
-- held(d) = held(t) - released in (t, d] for t <= d, or + released in (d, t] for t > d.
bounds AS (
    SELECT d.k, o.basis,
           CASE WHEN d.k >= o.e_k
                THEN o.hi - coalesce(sum(r.lo) FILTER (WHERE r.s_k > o.e_k AND r.e_k <= d.k), 0)
                ELSE o.hi + CASE WHEN bool_or(r.hi IS NULL) FILTER (WHERE r.e_k > d.k AND r.s_k <= o.e_k) THEN NULL ELSE COALESCE(SUM(r.hi) FILTER (WHERE r.e_k > d.k AND r.s_k <= o.e_k), 0) END
           END AS upper,
           CASE WHEN d.k <= o.s_k
                THEN o.lo + coalesce(sum(r.lo) FILTER (WHERE r.s_k > d.k AND r.e_k <= o.s_k), 0)
                ELSE o.lo - CASE WHEN bool_or(r.hi IS NULL) FILTER (WHERE r.e_k > o.s_k AND r.s_k <= d.k) THEN NULL ELSE COALESCE(SUM(r.hi) FILTER (WHERE r.e_k > o.s_k AND r.s_k <= d.k), 0) END
           END AS lower
    FROM days d
    CROSS JOIN observed o
    LEFT JOIN windows r ON TRUE
    GROUP BY d.k, o.basis, o.s_k, o.e_k, o.lo, o.hi
),
that_day AS (
    SELECT s_k AS k, count(*) AS n, sum(lo) AS lo, CASE WHEN bool_or(hi IS NULL) FILTER (WHERE TRUE) THEN NULL ELSE COALESCE(SUM(hi) FILTER (WHERE TRUE), 0) END AS hi
    FROM releases WHERE s_k = e_k GROUP BY s_k
)
SELECT CAST(s.first_day + d.k AS DATE) AS date,
       d.k AS day_of_crisis,
       greatest(max(b.lower), 0) AS held_low,
       min(b.upper) AS held_high,
       first(b.basis ORDER BY b.lower DESC, b.basis) FILTER (WHERE b.lower > 0) AS low_basis,
       first(b.basis ORDER BY b.upper, b.basis) FILTER (WHERE b.upper IS NOT NULL) AS high_basis,
       coalesce(any_value(t.n), 0) AS releases,
       coalesce(any_value(t.lo), 0) AS released_low,
       CASE WHEN any_value(t.k) IS NULL THEN 0 ELSE any_value(t.hi) END AS released_high
FROM days d
CROSS JOIN span s
LEFT JOIN bounds b ON b.k = d.k
LEFT JOIN that_day t ON t.k = d.k
GROUP BY d.k, s.first_day
ORDER BY d.k;
COMMENT ON VIEW hostages_held_daily IS 'Hostages held at the end of each day from the seizure to the rescue operation, as low/high bounds implied by the counts the sources state (event_counts hostages_taken, hostages_held, hostages_rescued) and the releases (hostage_releases). On the day of the rescue operation it is the number held when the operation began.';
COMMENT ON COLUMN hostages_held_daily.date IS 'The day (Lima).';
COMMENT ON COLUMN hostages_held_daily.day_of_crisis IS 'Days since the seizure (day 0), as events.day_of_crisis.';
COMMENT ON COLUMN hostages_held_daily.held_low IS 'Fewest hostages the sources allow for the end of that day: the highest lower bound over every stated count, carried through the releases surely between them.';
COMMENT ON COLUMN hostages_held_daily.held_high IS 'Most hostages the sources allow; NULL where they set no upper bound (an open count such as ''more than 600'', or a release of unstated size, lies between).';
COMMENT ON COLUMN hostages_held_daily.low_basis IS 'count_id of the event count that sets held_low (NULL when it is 0).';
COMMENT ON COLUMN hostages_held_daily.high_basis IS 'count_id of the event count that sets held_high.';
COMMENT ON COLUMN hostages_held_daily.releases IS 'Number of releases dated to this very day (release dates include inferred ones: hostage_releases.date_basis).';
COMMENT ON COLUMN hostages_held_daily.released_low IS 'Fewest hostages released that day (releases dated to the day).';
COMMENT ON COLUMN hostages_held_daily.released_high IS 'Most hostages released that day; NULL if a release''s size is open.';
CREATE VIEW casualty_totals AS
WITH cited AS (
    SELECT c.side, c.outcome, string_agg(DISTINCT e.source_id, ', ' ORDER BY e.source_id) AS s
    FROM casualties c
    JOIN evidence e ON e.record_table = 'casualties' AND e.record_id = c.casualty_id
    GROUP BY c.side, c.outcome
)
SELECT c.side, c.outcome,
       sum(c.count) AS total,
       sum(COALESCE(c.count_low, CASE WHEN c.count_qualifier IN ('at_most', 'all_but', 'unknown') THEN 0 ELSE c.count END, 0)) AS total_low,
       CASE WHEN bool_or(COALESCE(c.count_high, CASE WHEN c.count_qualifier IN ('at_least', 'more_than', 'all_but', 'unknown') THEN NULL ELSE c.count END) IS NULL) FILTER (WHERE TRUE) THEN NULL ELSE COALESCE(SUM(COALESCE(c.count_high, CASE WHEN c.count_qualifier IN ('at_least', 'more_than', 'all_but', 'unknown') THEN NULL ELSE c.count END)) FILTER (WHERE TRUE), 0) END AS total_high,
       count(c.person_id) AS named,
       coalesce(sum(c.count) FILTER (WHERE c.person_id IS NULL), 0) AS unnamed,
       count(c.person_id) FILTER (WHERE c.alleged_execution) AS alleged_named,
       count(*) FILTER (WHERE c.alleged_execution AND c.person_id IS NULL)
           AS groups_with_allegations,
       any_value(cited.s) AS sources
FROM casualties c
LEFT JOIN cited ON cited.side = c.side AND cited.outcome = c.outcome
GROUP BY c.side, c.outcome
ORDER BY c.side, c.outcome;
COMMENT ON VIEW casualty_totals IS 'Deaths and injuries by side and outcome: the totals the sources state (each person counted once), with bounds where counts are vague.';
COMMENT ON COLUMN casualty_totals.side IS 'hostage, security_forces, mrta, or mixed.';
COMMENT ON COLUMN casualty_totals.outcome IS 'killed or injured.';
COMMENT ON COLUMN casualty_totals.total IS 'SUM(count): the stated total.';
COMMENT ON COLUMN casualty_totals.total_low IS 'Sum of the lowest numbers the wording allows.';
COMMENT ON COLUMN casualty_totals.total_high IS 'Sum of the highest numbers the wording allows; NULL if one is open.';
COMMENT ON COLUMN casualty_totals.named IS 'How many of them are named persons.';
COMMENT ON COLUMN casualty_totals.unnamed IS 'How many are in unnamed groups.';
COMMENT ON COLUMN casualty_totals.alleged_named IS 'Named persons a source alleges were extrajudicially executed.';
COMMENT ON COLUMN casualty_totals.groups_with_allegations IS 'Unnamed groups some of whose members a source alleges were executed; a number of groups, not of people (the sources give none).';
COMMENT ON COLUMN casualty_totals.sources IS 'Sources with evidence for these rows.';
CREATE VIEW timeline AS
WITH dated AS (
    SELECT 'event' AS kind, 'events' AS record_table, event_id AS record_id,
           date_start, date_end, date_precision, date_basis, date_anchor, time_local,
           time_qualifier, day_of_crisis, event_type AS type, summary AS description, location
    FROM events
    UNION ALL
    SELECT 'legal_action', 'legal_actions', legal_action_id, date_start, date_end,
           date_precision, date_basis, date_anchor, NULL, NULL, NULL, action_type, description,
           NULL
    FROM legal_actions
    UNION ALL
    -- a release that belongs to an event is shown through that event
    SELECT 'hostage_release', 'hostage_releases', release_id, date_start, date_end,
           date_precision, date_basis, date_anchor, NULL, NULL,
           CASE WHEN date_precision = 'day'
                THEN date_start - DATE '1996-12-17' END,
           'hostage_release', description, NULL
    FROM hostage_releases
    WHERE event_id IS NULL
),
date_quote AS (
    SELECT d.record_table, d.record_id,
           first(e.evidence_id ORDER BY e.value IS NOT DISTINCT FROM CAST(d.date_start AS VARCHAR)
                 DESC, e.evidence_id) AS evidence_id
    FROM dated d
    JOIN evidence e ON e.record_table = d.record_table AND e.record_id = d.record_id
    WHERE e.field = 'date_start'
    GROUP BY d.record_table, d.record_id
)
SELECT d.kind, d.record_id, d.date_start, d.date_end, d.date_precision, d.date_basis,
       d.date_anchor, d.time_local, d.time_qualifier, d.day_of_crisis, d.type, d.description,
       d.location, rs.sources,
       q.evidence_id AS date_evidence_id, e.source_id AS date_source_id, e.quote AS date_quote
FROM dated d
LEFT JOIN record_sources rs ON rs.record_table = d.record_table AND rs.record_id = d.record_id
LEFT JOIN date_quote q ON q.record_table = d.record_table AND q.record_id = d.record_id
LEFT JOIN evidence e ON e.evidence_id = q.evidence_id
ORDER BY d.date_start NULLS LAST, d.time_local NULLS LAST, d.kind, d.record_id;
COMMENT ON VIEW timeline IS 'Events, legal steps and releases not tied to an event, in date order, with their sources and the quote that dates each one.';
COMMENT ON COLUMN timeline.kind IS 'event, legal_action or hostage_release.';
COMMENT ON COLUMN timeline.record_id IS 'Primary key in its table (events, legal_actions, hostage_releases).';
COMMENT ON COLUMN timeline.date_start IS 'First possible day (UCDP convention).';
COMMENT ON COLUMN timeline.date_end IS 'Last possible day.';
COMMENT ON COLUMN timeline.date_precision IS 'day, month, year or unknown.';
COMMENT ON COLUMN timeline.date_basis IS 'stated or inferred: the order uses inferred dates too (placed against date_anchor).';
COMMENT ON COLUMN timeline.date_anchor IS 'For an inferred date, the event it is placed against.';
COMMENT ON COLUMN timeline.time_local IS 'Local time in Lima, where stated.';
COMMENT ON COLUMN timeline.time_qualifier IS 'exact or approximate, as the source words the time.';
COMMENT ON COLUMN timeline.day_of_crisis IS 'Days since 17 December 1996, for crisis records dated to the day.';
COMMENT ON COLUMN timeline.type IS 'event_type, action_type, or hostage_release.';
COMMENT ON COLUMN timeline.description IS 'Summary or description in our words.';
COMMENT ON COLUMN timeline.location IS 'Where, as the texts say (events only).';
COMMENT ON COLUMN timeline.sources IS 'Sources with evidence for the record.';
COMMENT ON COLUMN timeline.date_evidence_id IS 'Evidence row for the date (the one agreeing with date_start).';
COMMENT ON COLUMN timeline.date_source_id IS 'Source of that quote.';
COMMENT ON COLUMN timeline.date_quote IS 'The quote that dates the record.';
CREATE VIEW legal_actions_by_party AS
SELECT CASE WHEN p.person_id IS NOT NULL THEN 'person' ELSE 'organisation' END AS party_kind,
       p.party_key, coalesce(pe.name, o.name) AS party_name, p.party_role,
       la.legal_action_id, la.date_start, la.date_end, la.date_precision, la.action_type,
       la.forum AS forum_id, f.name AS forum_name, la.outcome, la.description
FROM legal_action_parties p
JOIN legal_actions la ON la.legal_action_id = p.legal_action_id
LEFT JOIN persons pe ON pe.person_id = p.person_id
LEFT JOIN organisations o ON o.organisation_id = p.organisation_id
LEFT JOIN organisations f ON f.organisation_id = la.forum
ORDER BY party_kind DESC, p.party_key, la.date_start NULLS LAST, la.legal_action_id,
         p.party_role;
COMMENT ON VIEW legal_actions_by_party IS 'The legal aftermath per person (and organisation): every legal step each party is involved in, with its part, date, forum and outcome.';
COMMENT ON COLUMN legal_actions_by_party.party_kind IS 'person or organisation.';
COMMENT ON COLUMN legal_actions_by_party.party_key IS 'person_id or organisation_id.';
COMMENT ON COLUMN legal_actions_by_party.party_name IS 'Name of the person or organisation.';
COMMENT ON COLUMN legal_actions_by_party.party_role IS 'Their part: complainant, accused, victim, judge, prosecutor, ...';
COMMENT ON COLUMN legal_actions_by_party.legal_action_id IS 'The legal step.';
COMMENT ON COLUMN legal_actions_by_party.date_start IS 'First possible day of the step.';
COMMENT ON COLUMN legal_actions_by_party.date_end IS 'Last possible day of the step.';
COMMENT ON COLUMN legal_actions_by_party.date_precision IS 'day, month, year or unknown.';
COMMENT ON COLUMN legal_actions_by_party.action_type IS 'Kind of step.';
COMMENT ON COLUMN legal_actions_by_party.forum_id IS 'Court, office or commission (organisation id), where stated.';
COMMENT ON COLUMN legal_actions_by_party.forum_name IS 'Its name.';
COMMENT ON COLUMN legal_actions_by_party.outcome IS 'Result, where stated.';
COMMENT ON COLUMN legal_actions_by_party.description IS 'The step in our words.';
CREATE VIEW legal_actions_by_forum AS
SELECT la.forum AS forum_id, any_value(o.name) AS forum_name,
       any_value(o.organisation_type) AS forum_type,
       count(*) AS actions,
       min(la.date_start) AS first_date,
       max(la.date_end) AS last_date,
       string_agg(la.action_type, ', ' ORDER BY la.date_start NULLS LAST, la.legal_action_id)
           AS action_types,
       string_agg(la.legal_action_id, ', ' ORDER BY la.date_start NULLS LAST, la.legal_action_id)
           AS legal_action_ids,
       string_agg(la.outcome, '; ' ORDER BY la.date_start NULLS LAST, la.legal_action_id)
           AS outcomes
FROM legal_actions la
LEFT JOIN organisations o ON o.organisation_id = la.forum
GROUP BY la.forum
ORDER BY first_date NULLS LAST, forum_id NULLS LAST;
COMMENT ON VIEW legal_actions_by_forum IS 'The legal aftermath per forum (court, office, commission): how many steps, when, which kinds; steps whose forum the sources do not name are grouped under a NULL forum.';
COMMENT ON COLUMN legal_actions_by_forum.forum_id IS 'Organisation id of the forum; NULL: not stated.';
COMMENT ON COLUMN legal_actions_by_forum.forum_name IS 'Its name.';
COMMENT ON COLUMN legal_actions_by_forum.forum_type IS 'Its organisation_type.';
COMMENT ON COLUMN legal_actions_by_forum.actions IS 'Number of legal steps taken there.';
COMMENT ON COLUMN legal_actions_by_forum.first_date IS 'Earliest date_start.';
COMMENT ON COLUMN legal_actions_by_forum.last_date IS 'Latest date_end.';
COMMENT ON COLUMN legal_actions_by_forum.action_types IS 'Kinds of step, in date order.';
COMMENT ON COLUMN legal_actions_by_forum.legal_action_ids IS 'The steps, in date order.';
COMMENT ON COLUMN legal_actions_by_forum.outcomes IS 'Stated outcomes, in date order.';
CREATE VIEW discrepancy_sides AS
SELECT d.topic_id, d.topic, d.discrepancy_id, d.source_id, d.value, e.quote,
       e.char_start, e.char_end, e.passage_id, d.evidence_id, d.reconciled_value, d.rule
FROM discrepancies d
LEFT JOIN evidence e ON e.evidence_id = d.evidence_id
ORDER BY d.topic_id, d.discrepancy_id;
COMMENT ON VIEW discrepancy_sides IS 'Every discrepancy, one row per side, with that source''s value and its quote and offsets side by side.';
COMMENT ON COLUMN discrepancy_sides.topic_id IS 'Groups the sides of one disagreement.';
COMMENT ON COLUMN discrepancy_sides.topic IS 'What is disputed.';
COMMENT ON COLUMN discrepancy_sides.discrepancy_id IS 'This side.';
COMMENT ON COLUMN discrepancy_sides.source_id IS 'Source of this side.';
COMMENT ON COLUMN discrepancy_sides.value IS 'This side''s value.';
COMMENT ON COLUMN discrepancy_sides.quote IS 'The quote for it, verbatim.';
COMMENT ON COLUMN discrepancy_sides.char_start IS 'Start offset of the quote in the raw article.';
COMMENT ON COLUMN discrepancy_sides.char_end IS 'End offset, exclusive.';
COMMENT ON COLUMN discrepancy_sides.passage_id IS 'Sentence where the quote starts.';
COMMENT ON COLUMN discrepancy_sides.evidence_id IS 'The evidence row.';
COMMENT ON COLUMN discrepancy_sides.reconciled_value IS 'Value chosen across sides, if any.';
COMMENT ON COLUMN discrepancy_sides.rule IS 'How it was chosen, or why none was.';
CREATE VIEW discrepancy_topics AS
SELECT topic_id, min(topic) AS topic, count(*) AS sides,
       string_agg(DISTINCT source_id, ', ' ORDER BY source_id) AS sources,
       string_agg(source_id || ': ' || value, ' | ' ORDER BY discrepancy_id) AS values_by_source,
       min(reconciled_value) AS reconciled_value, min(rule) AS rule
FROM discrepancies
GROUP BY topic_id
ORDER BY topic_id;
COMMENT ON VIEW discrepancy_topics IS 'One row per disagreement with every side''s value on one line.';
COMMENT ON COLUMN discrepancy_topics.topic_id IS 'The disagreement.';
COMMENT ON COLUMN discrepancy_topics.topic IS 'What is disputed.';
COMMENT ON COLUMN discrepancy_topics.sides IS 'Number of sides.';
COMMENT ON COLUMN discrepancy_topics.sources IS 'Sources taking part.';
COMMENT ON COLUMN discrepancy_topics.values_by_source IS '''source: value'' of every side, in discrepancy_id order.';
COMMENT ON COLUMN discrepancy_topics.reconciled_value IS 'Value chosen across sides, if any.';
COMMENT ON COLUMN discrepancy_topics.rule IS 'How it was chosen, or why none was.';
CREATE VIEW field_disagreements AS
SELECT e.record_table, e.record_id, e.field,
       count(DISTINCT e.value) AS distinct_values,
       string_agg(DISTINCT e.source_id || ': ' || e.value, ' | '
                  ORDER BY e.source_id || ': ' || e.value) AS values_by_source,
       string_agg(e.evidence_id, ', ' ORDER BY e.evidence_id) AS evidence_ids
FROM evidence e
-- only quotes for a column of the record's table (not e.g. the name forms in aliases)
JOIN duckdb_columns() c
  ON c.database_name = current_database() AND c.schema_name = current_schema()
 AND c.table_name = e.record_table AND c.column_name = e.field
WHERE e.value IS NOT NULL
GROUP BY e.record_table, e.record_id, e.field
HAVING count(DISTINCT e.value) > 1
ORDER BY e.record_table, e.record_id, e.field;
COMMENT ON VIEW field_disagreements IS 'Every (record, column) for which the evidence rows give more than one value: what each source says, side by side (name spellings, times, date wording, ...).';
COMMENT ON COLUMN field_disagreements.record_table IS 'Table of the record.';
COMMENT ON COLUMN field_disagreements.record_id IS 'The record.';
COMMENT ON COLUMN field_disagreements.field IS 'The column.';
COMMENT ON COLUMN field_disagreements.distinct_values IS 'How many different values the quotes give.';
COMMENT ON COLUMN field_disagreements.values_by_source IS '''source: value'' for each distinct pair, sorted.';
COMMENT ON COLUMN field_disagreements.evidence_ids IS 'The evidence rows involved.';
CREATE VIEW evidence_citations AS
SELECT e.evidence_id, e.record_table, e.record_id, e.field, e.value, e.source_id,
       s.publisher, s.title, s.published, 'raw/' || s.path AS path,
       e.char_start, e.char_end, e.quote,
       'lima-hostage-crisis 2.0.0, evidence ' || e.evidence_id || ': ' ||
       s.publisher || ', "' || s.title || '"' || coalesce(', ' || s.published_date, '') ||
       ', raw/' || s.path || '[' || e.char_start || ':' || e.char_end || '], "' ||
       e.quote || '"' AS citation
FROM evidence e
JOIN sources s ON s.source_id = e.source_id
ORDER BY e.evidence_id;
COMMENT ON VIEW evidence_citations IS 'Every evidence row with its source''s bibliographic data and a ready-made citation of the quote (dataset version, evidence id, source, character offsets).';
COMMENT ON COLUMN evidence_citations.evidence_id IS 'The evidence row: cite this id.';
COMMENT ON COLUMN evidence_citations.record_table IS 'Table of the record the quote supports.';
COMMENT ON COLUMN evidence_citations.record_id IS 'The record.';
COMMENT ON COLUMN evidence_citations.field IS 'The column.';
COMMENT ON COLUMN evidence_citations.value IS 'This source''s value for it.';
COMMENT ON COLUMN evidence_citations.source_id IS 'The article.';
COMMENT ON COLUMN evidence_citations.publisher IS 'Its publisher.';
COMMENT ON COLUMN evidence_citations.title IS 'Its title.';
COMMENT ON COLUMN evidence_citations.published IS 'Its publication date as stated.';
COMMENT ON COLUMN evidence_citations.path IS 'The raw file, relative to the package root.';
COMMENT ON COLUMN evidence_citations.char_start IS '0-based start offset in the UTF-8-decoded raw text.';
COMMENT ON COLUMN evidence_citations.char_end IS 'End offset, exclusive (a Python slice).';
COMMENT ON COLUMN evidence_citations.quote IS 'raw_text[char_start:char_end].';
COMMENT ON COLUMN evidence_citations.citation IS 'One-line citation of the quote.';
CREATE VIEW gtd_incident AS
WITH incidents AS (
    SELECT s.event_id, s.date_start, s.date_end, s.date_precision, s.location, s.summary,
           (SELECT min(r.date_start) FROM events r
            WHERE r.event_type = 'rescue_operation' AND r.date_start >= s.date_start) AS resolved
    FROM events s
    WHERE s.event_type = 'seizure'
),
casualty_days AS (
    SELECT c.side, c.outcome, c.count, coalesce(c.date_start, e.date_start) AS day
    FROM casualties c
    LEFT JOIN events e ON e.event_id = c.event_id
),
harm AS (
    SELECT i.event_id,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = 'killed'), 0) AS nkill,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = 'killed' AND c.side = 'mrta'), 0)
               AS nkillter,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = 'injured'), 0) AS nwound,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = 'injured' AND c.side = 'mrta'), 0)
               AS nwoundte,
           coalesce(sum(c.count) FILTER (WHERE c.outcome = 'killed' AND c.side = 'hostage'), 0)
               AS hostages_killed
    FROM incidents i
    LEFT JOIN casualty_days c
      ON c.day IS NULL OR c.day BETWEEN i.date_start AND coalesce(i.resolved, i.date_end)
    GROUP BY i.event_id
),
counts AS (
    SELECT event_id,
           CASE WHEN count(*) FILTER (WHERE quantity = 'hostages_taken') > 0
                 AND bool_and(count IS NOT NULL AND count_qualifier = 'exact')
                     FILTER (WHERE quantity = 'hostages_taken')
                 AND count(DISTINCT count) FILTER (WHERE quantity = 'hostages_taken') = 1
                THEN max(count) FILTER (WHERE quantity = 'hostages_taken') END AS nhostkid,
           string_agg(DISTINCT concat_ws(' ', count_qualifier, CAST(count AS VARCHAR)), '; '
                      ORDER BY concat_ws(' ', count_qualifier, CAST(count AS VARCHAR)))
               FILTER (WHERE quantity = 'hostages_taken') AS nhostkid_stated,
           max(count) FILTER (WHERE quantity = 'attackers') AS nperps
    FROM event_counts
    GROUP BY event_id
),
groups AS (
    SELECT p.event_id, string_agg(DISTINCT o.name, '; ' ORDER BY o.name) AS gname
    FROM event_participants p
    JOIN organisations o ON o.organisation_id = p.organisation_id
    WHERE o.organisation_type = 'armed_group'
    GROUP BY p.event_id
),
released_by_captors AS (
    SELECT i.event_id, count(*) AS n
    FROM incidents i
    JOIN hostage_releases r
      ON coalesce(r.date_start, i.date_start)
         BETWEEN i.date_start AND coalesce(i.resolved, i.date_end)
    LEFT JOIN events re ON re.event_id = r.event_id
    WHERE re.event_type IS DISTINCT FROM 'rescue_operation'
    GROUP BY i.event_id
),
facts AS (
    SELECT i.*, h.nkill, h.nkillter, h.nwound, h.nwoundte, h.hostages_killed,
           c.nhostkid, c.nhostkid_stated, c.nperps, g.gname, rs.sources,
           i.resolved IS NOT NULL AS rescued, coalesce(rb.n, 0) > 0 AS released
    FROM incidents i
    JOIN harm h USING (event_id)
    LEFT JOIN counts c USING (event_id)
    LEFT JOIN groups g USING (event_id)
    LEFT JOIN released_by_captors rb USING (event_id)
    LEFT JOIN record_sources rs ON rs.record_table = 'events' AND rs.record_id = i.event_id
)
SELECT event_id,
       CASE WHEN date_precision <> 'unknown' THEN year(date_start) END AS iyear,
       CASE WHEN date_precision IN ('day', 'month') THEN month(date_start) END AS imonth,
       CASE WHEN date_precision = 'day' THEN day(date_start) END AS iday,
       CASE WHEN date_precision NOT IN ('day', 'unknown')
            THEN CAST(date_start AS VARCHAR) || ' to ' || CAST(date_end AS VARCHAR) END
           AS approxdate,
       CAST(resolved > date_end AS INTEGER) AS extended,
       resolved AS resolution,
       location, summary,
       5 AS attacktype1,
       'Hostage Taking (Barricade Incident)' AS attacktype1_txt,
       gname, nperps, nkill, nkillter, nwound, nwoundte,
       CASE WHEN nhostkid > 0 OR released THEN 1 END AS ishostkid,
       nhostkid,
       nhostkid_stated,
       resolved - date_start AS ndays,
       nhostkid - hostages_killed AS nreleased,
       CASE WHEN rescued AND released THEN 6 WHEN rescued THEN 5 WHEN released THEN 2 END AS hostkidoutcome,
       CASE WHEN rescued AND released THEN 'Combination' WHEN rescued THEN 'Successful Rescue' WHEN released THEN 'Hostage(s) released by perpetrators' END AS hostkidoutcome_txt,
       sources
FROM facts
ORDER BY date_start NULLS LAST, event_id;
COMMENT ON VIEW gtd_incident IS 'The crisis in the Global Terrorism Database''s incident fields, one row per seizure event, derived from our tables. GTD''s ''unknown'' codes (-99, 0) are NULL here, and fields our tables cannot support (country and target codes, weapons, property) are left out.';
COMMENT ON COLUMN gtd_incident.event_id IS 'Our seizure event (GTD''s eventid is not known to the sources).';
COMMENT ON COLUMN gtd_incident.iyear IS 'Year of the seizure (events.date_start), unless the date is unknown.';
COMMENT ON COLUMN gtd_incident.imonth IS 'Month of the seizure, for day or month precision.';
COMMENT ON COLUMN gtd_incident.iday IS 'Day of the seizure, for day precision.';
COMMENT ON COLUMN gtd_incident.approxdate IS 'The date range when the seizure is not dated to the day.';
COMMENT ON COLUMN gtd_incident.extended IS '1 if the incident lasted beyond its first day (it ended with a later rescue operation), 0 if not; NULL if no end is known.';
COMMENT ON COLUMN gtd_incident.resolution IS 'Date the incident ended: the first rescue_operation on or after it.';
COMMENT ON COLUMN gtd_incident.location IS 'events.location of the seizure (GTD''s free-text location).';
COMMENT ON COLUMN gtd_incident.summary IS 'events.summary of the seizure.';
COMMENT ON COLUMN gtd_incident.attacktype1 IS '5: our event_type seizure, hostages held in place.';
COMMENT ON COLUMN gtd_incident.attacktype1_txt IS '''Hostage Taking (Barricade Incident)''.';
COMMENT ON COLUMN gtd_incident.gname IS 'Armed-group organisations taking part in the seizure (event_participants).';
COMMENT ON COLUMN gtd_incident.nperps IS 'Largest event_counts ''attackers'' count stated for the seizure.';
COMMENT ON COLUMN gtd_incident.nkill IS 'Deaths (casualties killed) dated from the seizure to the resolution, or undated.';
COMMENT ON COLUMN gtd_incident.nkillter IS 'Of them, side mrta (the perpetrators).';
COMMENT ON COLUMN gtd_incident.nwound IS 'Injuries (casualties injured) in the same period.';
COMMENT ON COLUMN gtd_incident.nwoundte IS 'Of them, side mrta.';
COMMENT ON COLUMN gtd_incident.ishostkid IS '1 when hostages were taken (a hostages_taken count or a release).';
COMMENT ON COLUMN gtd_incident.nhostkid IS 'Hostages taken: the event_counts ''hostages_taken'' figure for the seizure when every source states the same exact number; NULL when they disagree or give only bounds (GTD''s unknown), so no side of a disagreement is taken silently.';
COMMENT ON COLUMN gtd_incident.nhostkid_stated IS 'Every ''hostages_taken'' figure stated for the seizure, as qualifier and count (''more_than 500; more_than 600''); the disagreement is in discrepancies.';
COMMENT ON COLUMN gtd_incident.ndays IS 'Days from the seizure to the resolution.';
COMMENT ON COLUMN gtd_incident.nreleased IS 'Hostages who survived (released, escaped or rescued): nhostkid minus hostages killed; NULL with nhostkid (no arithmetic on a lower bound).';
COMMENT ON COLUMN gtd_incident.hostkidoutcome IS '6 Combination (captors released some and a rescue operation ended it), 5 Successful Rescue (rescue only), 2 released by perpetrators (no rescue).';
COMMENT ON COLUMN gtd_incident.hostkidoutcome_txt IS 'The label of hostkidoutcome.';
COMMENT ON COLUMN gtd_incident.sources IS 'Sources with evidence for the seizure event.';
CREATE VIEW ucdp_ged_events AS
WITH deaths AS (
    SELECT c.*, e.location,
           CASE WHEN c.date_precision = 'unknown' THEN e.date_basis ELSE c.date_basis END
               AS basis,
           coalesce(c.date_start, e.date_start) AS day_first,
           coalesce(CASE c.date_precision
                        WHEN 'day' THEN c.date_start
                        WHEN 'month' THEN last_day(c.date_start)
                        WHEN 'year' THEN make_date(year(c.date_start), 12, 31) END,
                    e.date_end) AS day_last
    FROM casualties c
    LEFT JOIN events e ON e.event_id = c.event_id
    WHERE c.outcome = 'killed'
),
cited AS (
    SELECT d.event_id, string_agg(DISTINCT e.source_id, ', ' ORDER BY e.source_id) AS sources
    FROM deaths d
    JOIN evidence e ON e.record_table = 'casualties' AND e.record_id = d.casualty_id
    GROUP BY d.event_id
),
grouped AS (
    SELECT d.event_id, min(d.day_first) AS date_start, max(d.day_last) AS date_end,
           CASE WHEN bool_or(d.basis = 'inferred') THEN 'inferred'
                WHEN bool_or(d.basis = 'stated') THEN 'stated' ELSE 'unknown' END
               AS date_basis,
           min(d.location) AS where_description,
           coalesce(sum(d.count) FILTER (WHERE d.side = 'security_forces'), 0) AS deaths_a,
           coalesce(sum(d.count) FILTER (WHERE d.side = 'mrta'), 0) AS deaths_b,
           coalesce(sum(d.count) FILTER (WHERE d.side = 'hostage'), 0) AS deaths_civilians,
           coalesce(sum(d.count) FILTER (WHERE d.side = 'mixed'), 0) AS deaths_unknown,
           sum(d.count) AS best,
           sum(COALESCE(d.count_low, CASE WHEN d.count_qualifier IN ('at_most', 'all_but', 'unknown') THEN 0 ELSE d.count END, 0)) AS low,
           CASE WHEN bool_or(COALESCE(d.count_high, CASE WHEN d.count_qualifier IN ('at_least', 'more_than', 'all_but', 'unknown') THEN NULL ELSE d.count END) IS NULL) FILTER (WHERE TRUE) THEN NULL ELSE COALESCE(SUM(COALESCE(d.count_high, CASE WHEN d.count_qualifier IN ('at_least', 'more_than', 'all_but', 'unknown') THEN NULL ELSE d.count END)) FILTER (WHERE TRUE), 0) END AS high,
           count(d.person_id) FILTER (WHERE d.alleged_execution) AS alleged_named,
           count(*) FILTER (WHERE d.alleged_execution AND d.person_id IS NULL)
               AS groups_with_allegations
    FROM deaths d
    GROUP BY d.event_id
)
SELECT g.event_id, g.date_start, g.date_end, g.date_basis,
       CASE WHEN g.date_end - g.date_start + 1 = 1 THEN 1
            WHEN g.date_end - g.date_start + 1 <= 6 THEN 2
            WHEN g.date_end - g.date_start + 1 = 7 THEN 3
            WHEN g.date_end - g.date_start + 1 <= 31 THEN 4
            WHEN g.date_end - g.date_start + 1 > 31 THEN 5 END AS date_prec,
       g.where_description, g.deaths_a, g.deaths_b, g.deaths_civilians, g.deaths_unknown,
       g.best, g.low, g.high, g.alleged_named, g.groups_with_allegations, c.sources
FROM grouped g
LEFT JOIN cited c ON c.event_id IS NOT DISTINCT FROM g.event_id
ORDER BY g.date_start NULLS LAST, g.event_id NULLS LAST;
COMMENT ON VIEW ucdp_ged_events IS 'Deaths in UCDP GED''s event fields: one row per event with at least one death (casualties killed, grouped by event_id), with best/low/high and date_prec. Sides: a = security_forces (the government), b = mrta, civilians = hostage, unknown = mixed. type_of_violence, conflict and dyad ids need UCDP''s own lists and are left out.';
COMMENT ON COLUMN ucdp_ged_events.event_id IS 'Our event (NULL groups deaths not tied to an event).';
COMMENT ON COLUMN ucdp_ged_events.date_start IS 'First possible day of the deaths.';
COMMENT ON COLUMN ucdp_ged_events.date_end IS 'Last possible day of the deaths.';
COMMENT ON COLUMN ucdp_ged_events.date_basis IS 'stated if every death''s date is stated (the casualty''s own, else its event''s); inferred if any is placed against another record; unknown if none is dated.';
COMMENT ON COLUMN ucdp_ged_events.date_prec IS 'UCDP date precision from the span date_start..date_end: 1 one day, 2 two to six days, 3 a week, 4 eight days to a month, 5 longer; NULL when undated.';
COMMENT ON COLUMN ucdp_ged_events.where_description IS 'events.location, where stated.';
COMMENT ON COLUMN ucdp_ged_events.deaths_a IS 'Side a (government): casualties side security_forces.';
COMMENT ON COLUMN ucdp_ged_events.deaths_b IS 'Side b (MRTA): casualties side mrta.';
COMMENT ON COLUMN ucdp_ged_events.deaths_civilians IS 'Casualties side hostage.';
COMMENT ON COLUMN ucdp_ged_events.deaths_unknown IS 'Casualties side mixed.';
COMMENT ON COLUMN ucdp_ged_events.best IS 'Best estimate: SUM(count).';
COMMENT ON COLUMN ucdp_ged_events.low IS 'Lowest estimate the wording allows.';
COMMENT ON COLUMN ucdp_ged_events.high IS 'Highest estimate the wording allows; NULL if one count is open.';
COMMENT ON COLUMN ucdp_ged_events.alleged_named IS 'Named dead a source alleges were extrajudicially executed.';
COMMENT ON COLUMN ucdp_ged_events.groups_with_allegations IS 'Unnamed groups of dead with such allegations about some members (groups, not people).';
COMMENT ON COLUMN ucdp_ged_events.sources IS 'Sources with evidence for these casualty rows.';
