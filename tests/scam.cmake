# Scam checker, honest evaluation (issue 16): grouped cross-validation by template family of
# tests/scam/corpus.jsonl; the model is trained on the other families and scores the held-out
# ones. Fails when the held-out figures miss the targets. Label "scam".
if(TARGET scam_model)
  add_test(NAME scam.heldout_families
           COMMAND scam_model eval ${PROJECT_SOURCE_DIR}/tests/scam/corpus.jsonl --folds 5 --quiet)
  set_tests_properties(scam.heldout_families PROPERTIES LABELS "scam" TIMEOUT 600)
endif()
