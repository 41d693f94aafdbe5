"""Calendar feeds, iTIP invitations and frab exports; builders are plain modules, views.py is the only Flask part."""
