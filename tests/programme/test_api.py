"""The read API: the public programme document with derived UTC times."""


def test_programme_document_with_derived_utc_times(client, demo):
    """Days and items carry start and end as ISO 8601 UTC, the same as the engine's."""
    response = client.get(f"/api/v1/conferences/{demo}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    day = document["workshops"][0]["days"][0]
    assert (day["start"], day["end"]) == ("2020-06-15T07:30:00Z", "2020-06-15T09:30:00Z")
    assert [item["start"] for item in day["items"]][:3] == [
        "2020-06-15T07:30:00Z", "2020-06-15T07:35:00Z", "2020-06-15T07:40:00Z"]
    assert day["items"][-1]["end"] == "2020-06-15T09:30:00Z"
    assert [d["start"] for w in document["workshops"] for d in w["days"]] == [
        "2020-06-15T07:30:00Z", "2020-06-15T11:00:00Z", "2020-06-16T08:00:00Z",
        "2020-06-03T08:00:00Z", "2020-06-10T08:00:00Z"]


def test_public_document_has_no_access_data(client, demo):
    """Join URLs and passcodes never leave through the API."""
    body = client.get(f"/api/v1/conferences/{demo}").get_data(as_text=True)
    for secret in ("Kd-7319-secret", "Zm-4482-secret", "kudo.example.org/join", "zoom.example.org"):
        assert secret not in body


def test_unknown_slug_is_a_json_404(client):
    """Unknown conferences get a JSON error naming the field."""
    response = client.get("/api/v1/conferences/nope")
    assert response.status_code == 404
    assert response.get_json() == {"error": {"message": "No conference with this slug.", "field": "slug"}}


def test_document_is_cached_and_answers_conditionally(client, demo, count_statements):
    """Like the feeds, the document carries an ETag; asking again with it costs one query and no body."""
    first = client.get(f"/api/v1/conferences/{demo}")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    with count_statements() as statements:
        again = client.get(f"/api/v1/conferences/{demo}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b"" and len(statements) == 1


def test_document_changes_with_the_programme(client, demo, demo_document, load_document):
    """A programme change is visible at once: the version in the ETag moves and the body follows."""
    first = client.get(f"/api/v1/conferences/{demo}")
    changed = dict(demo_document, conference={**demo_document["conference"], "subtitle": {"de": "Neu"}})
    load_document(changed)
    second = client.get(f"/api/v1/conferences/{demo}", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.get_json()["conference"]["subtitle"] == {"de": "Neu"}
