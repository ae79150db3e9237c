"""The Qt Widgets layer: thin widgets and models over the Qt-free core (``viewer.*``)."""
