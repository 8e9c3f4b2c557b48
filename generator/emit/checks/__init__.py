"""The check plans behind a version's ``validate.py``, one module per concern.

* `builtins`: how each XSD built-in type is tested, lexed and written;
* `values`: `ValuePlan`, the checks of one simple type, printed for both sides;
* `facets`: `ValuePlanner`, simple types and their facets turned into value plans;
* `temporal`: date/time bounds on the runtime's timeline;
* `automaton`: the Glushkov automaton of a content model;
* `objects`: what ``validate(obj)`` checks per class and field;
* `walkers`: what ``validate_xml`` checks per complex type.

`generator.emit.validation` assembles them into the plan of one module.
"""
