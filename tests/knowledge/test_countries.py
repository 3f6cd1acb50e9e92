from aftermath.knowledge import load_kb


def test_plural_demonyms_name_their_country():
    countries = load_kb().countries
    assert countries.lookup("Nigerians") == "NGA"
    assert countries.lookup("Nigerian") == "NGA"
    assert countries.lookup("Philippines") == "PHL"  # a name ending in s stays a name
    assert countries.lookup("Thousands") is None
