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
    time_local TIME,
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
COMMENT ON COLUMN events.time_local IS 'Local time in Lima, 24-hour, where stated.';
COMMENT ON COLUMN events.utc_offset IS 'Offset of time_local from UTC where the text lets it be computed.';
COMMENT ON COLUMN events.day_of_crisis IS 'Days since 17 December 1996 (day 0), for events dated to the day.';
COMMENT ON COLUMN events.day_of_crisis_stated IS 'The day number as a source states it.';
COMMENT ON COLUMN events.event_type IS 'Kind of event.';
COMMENT ON COLUMN events.summary IS 'One sentence in our words.';
COMMENT ON COLUMN events.location IS 'Where, as the texts say.';
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
    quantity VARCHAR NOT NULL CHECK (quantity IN ('hostages_taken', 'hostages_held', 'hostages_released', 'hostages_rescued', 'attackers', 'commandos', 'guards', 'prisoners_demanded', 'officers_charged', 'other')),
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
COMMENT ON COLUMN casualties.event_id IS 'The event in which it happened.';
COMMENT ON COLUMN casualties.alleged_execution IS 'A source alleges an extrajudicial execution (an allegation, not an established fact).';
COMMENT ON COLUMN casualties.alleged_by IS 'Who alleges it, in the texts'' words.';
COMMENT ON COLUMN casualties.note IS 'Our comment on the coding of this row.';
CREATE TABLE hostage_releases (
    release_id VARCHAR NOT NULL,
    date_start DATE,
    date_end DATE,
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year', 'unknown')),
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
    action_type VARCHAR NOT NULL CHECK (action_type IN ('criminal_complaint', 'preliminary_inquiry', 'statement', 'exhumation', 'forensic_examination', 'arrest_warrant', 'amnesty_bill', 'jurisdiction_challenge', 'jurisdiction_ruling', 'jurisdiction_concession', 'petition', 'admissibility_decision', 'charges', 'charges_dropped', 'investigation', 'request', 'autopsy', 'ruling', 'other')),
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
    record_table VARCHAR NOT NULL CHECK (record_table IN ('sources', 'passages', 'organisations', 'persons', 'person_aliases', 'events', 'event_participants', 'event_counts', 'casualties', 'hostage_releases', 'hostage_release_persons', 'legal_actions', 'legal_action_parties', 'discrepancies')),
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
COMMENT ON COLUMN evidence.passage_id IS 'The sentence where the quote starts.';
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
