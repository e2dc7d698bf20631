"""A sentence announcing a count of items is quoted with the items that follow it; two items
quoted without the others are completed."""

from __future__ import annotations

import pytest
from candidates import place as _place
from candidates import scored as _scored

from assistant.enumerations import after_colon, announced, counted_subject, several, with_items
from assistant.shapes import Scored

PROTECTION = ("La qualification porte sur un service. "
              "Selon Dhala, la protection contre le droit extra-européen repose sur trois types "
              "de mesures. Les mesures techniques assurent l'étanchéité des systèmes. Les mesures "
              "opérationnelles garantissent que seul le prestataire intervient. Les mesures "
              "juridiques imposent le droit européen. La qualification est valable trois ans.")
MILESTONES = ("La procédure se déroule en quatre jalons. Le jalon J0 correspond à l'acceptation "
              "du dossier. Le jalon J1 correspond à la stratégie d'évaluation. Le jalon J2 "
              "correspond à l'évaluation sur site. Le jalon J3 correspond à la décision.")


def _texts(items: list[Scored]) -> list[str]:
    return [s.sentence.text for s in items]


@pytest.mark.parametrize("sentence, count", [
    ("La protection repose sur trois types de mesures.", 3),
    ("La procédure de qualification se déroule en quatre jalons.", 4),
    ("L'article R. 1111-9 distingue six activités d'hébergement.", 6),
    ("Le marché portait sur 6,2 millions d'euros sur quatre ans.", None),  # a duration
    ("Il existe trois niveaux : basique, substantiel et élevé.", None),  # listed in place
    ("Trois ministres ont signé le communiqué.", None),  # the count is not announced last
])
def test_what_announces_items(sentence, count):
    found = announced(sentence)
    assert (found[0] if found else None) == count


def test_an_announcement_quoted_first_brings_its_items_in_order():
    scored = _scored(PROTECTION)
    out = with_items([scored[1]], scored, frozenset(), _place)
    assert _texts(out) == _texts(scored[1:5])  # not the unrelated sentence after the items


def test_an_announcement_quoted_after_the_answer_brings_its_items_only_when_asked():
    scored = _scored(PROTECTION)
    side = with_items([scored[0], scored[1]], scored, frozenset({"servic"}), _place)
    assert _texts(side) == _texts(scored[:2])
    asked = with_items([scored[0], scored[1]], scored, frozenset({"mesur"}), _place)
    assert _texts(asked) == _texts(scored[:5])


def test_two_items_quoted_are_completed_with_the_others():
    scored = _scored(MILESTONES)
    out = with_items([scored[3], scored[1], scored[4]], scored, frozenset(), _place)
    assert _texts(out) == _texts(scored[1:5])  # J0 to J3, where J2 stood


def test_one_item_alone_stays_alone():
    scored = _scored(MILESTONES)
    assert _texts(with_items([scored[2]], scored, frozenset(), _place)) == _texts([scored[2]])


ERRORS = ("L'article de Clubic contient plusieurs erreurs par rapport aux autres sources. "
          "L'article présente EMC2 comme piloté par l'EMA. L'article désigne le Health Data Hub "
          "par le sigle HBU. L'article écrit Wordline pour Worldline.\n\n"
          "Les informations suivantes n'ont pas été trouvées.")


def test_items_announced_without_a_count_are_the_rest_of_the_paragraph():
    assert several("Les sources divergent sur plusieurs points relatifs à la délibération.") \
        == frozenset({"point"})
    assert several("pour ne pas retarder le projet de plusieurs années.") is None
    scored = _scored(ERRORS)
    quoted = with_items([scored[0]], scored, frozenset(), _place)
    assert [s.position for s in quoted] == [0, 1, 2, 3]  # the next paragraph is not an item


def test_a_sentence_ending_on_a_colon_is_quoted_with_what_it_announces():
    hosting = _scored("L hébergement, c est deux choses :\n1 Un vaste complexe rempli de serveurs\n"
                      "2 Une solution logicielle, ici microsoft azure.\nIl n'est pas nécessaire "
                      "que les données soient aux États Unis.")
    assert _texts(after_colon([hosting[0]], hosting, _place)) == _texts(hosting[:3])
    example = _scored("Microsoft ne peut rien garantir.\nUn exemple :\nUn terroriste a fait "
                      "exploser la maison blanche. En France, un juge valide la demande.")
    out = _texts(after_colon([example[1]], example, _place))
    assert out[0] == "Un exemple :" and "terroriste" in out[1] and len(out) == 2
    assert _texts(after_colon([example[0]], example, _place)) == _texts(example[:1])


CATALOGUE = ("Selon le même extrait, trois qualifications prennent effet le 31 juillet 2026. "
             "La plateforme de NumSpot est qualifiée du 31 juillet 2026 au 31 juillet 2029. "
             "L'offre OVH est qualifiée du 31 juillet 2026 au 31 juillet 2029. "
             "L'offre Secure Temple figure avec un début au 31 juillet 2026. "
             "Ces qualifications ont été annoncées le 1er septembre 2026.")


def test_a_counted_subject_announces_the_sentences_after_it():
    assert counted_subject("Selon le même extrait, trois qualifications prennent effet le 31 "
                           "juillet 2026.") == (3, frozenset({"qualif"}))
    assert counted_subject("Trois ans plus tard, la CNIL a statué.") is None
    assert counted_subject("La CNIL a reçu trois demandes.") is None
    scored = _scored(CATALOGUE)
    out = with_items([scored[2], scored[3]], scored, frozenset(), _place)
    assert _texts(out) == _texts(scored[1:4])
