"""The JSON Schema is generated from the same field table that validates; check they agree."""

from __future__ import annotations

import json

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.errors import AnswersInvalid
from advisor.inputs.examples import example_text, examples
from advisor.model.schema import json_schema
from advisor.model.validation import validate_answers
from tests.cli.test_cli import ANSWER_FILES


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_every_example_validates_against_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    for name in examples():
        errors = list(validator.iter_errors(yaml.safe_load(example_text(name))))
        assert not errors, (name, errors)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWER_FILES)
def test_whatever_the_advisor_accepts_the_schema_accepts(data: dict) -> None:
    data = json.loads(json.dumps(data))
    try:
        validate_answers(data)
    except AnswersInvalid:
        return
    jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)


def test_schema_rejects_what_the_table_forbids() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    bad = yaml.safe_load(example_text("partner-tls"))
    bad["partners"][0]["restrict"] = "none"
    bad["subscription"] = "eop"
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "restrict" in messages
    assert "eop" in messages


@given(
    st.text(alphabet=st.sampled_from("draftDRAFTfinalFINAL \t\n\x85\ufeff\u00a0İıx"), max_size=9)
    | st.sampled_from(["Draft", " final", "FINAL\t", "drafts"])
)
def test_a_status_in_any_letter_case_is_accepted_by_the_schema_exactly_when_by_the_advisor(text: str) -> None:
    from advisor.model.document import Document
    from advisor.model.fields import fields_of

    status = next(f for f in fields_of(Document) if f.name == "status")
    schema = json_schema()["properties"]["document"]["anyOf"][0]["properties"]["status"]
    assert jsonschema.Draft202012Validator(schema).is_valid(text) == (status.choose(text) is not None)
