"""Model: facts from every file joined into one Project that rules, checklist and reporters read."""
